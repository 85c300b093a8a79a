#pragma once

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QVector>

namespace ns::test {

/// What a finished child process left behind.
struct ProcessResult
{
    int exitCode = -1; ///< -1 when it crashed or timed out.
    QString out;
    QString err;
};

/// The peers nobody here wrote, driven from tests: the seed's consumer code (seed_consumer.py)
/// and topic/ACL set-up (kafka_admin.py), both kafka-python.
class PythonTools
{
public:
    static ProcessResult run(const QString &program, const QStringList &args, int timeoutMs,
                             const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    /// Records the seed's receiving code reads from `topics` (at least `expect` of them, then
    /// `idleSeconds` more to catch extra copies), one object per record as the seed would store it.
    /// `workDir` holds the topic list file.
    static QVector<QJsonObject> seedRead(const QString &bootstrap, const QStringList &topics, int expect,
                                         double idleSeconds, const QString &workDir);

    /// Runs kafka_admin.py with `args` on the PLAINTEXT listener; false with `error` on failure.
    static bool admin(const QString &bootstrap, const QStringList &args, QString *error);
};

} // namespace ns::test
