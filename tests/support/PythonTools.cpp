#include "PythonTools.h"

#include "BrokerEnvironment.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QUuid>

namespace ns::test {

ProcessResult PythonTools::run(const QString &program, const QStringList &args, int timeoutMs, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out after %1 ms: ").arg(timeoutMs) + QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QVector<QJsonObject> PythonTools::seedRead(const QString &bootstrap, const QStringList &topics, int expect,
                                           double idleSeconds, const QString &workDir)
{
    QFile list(QDir(workDir).filePath(QStringLiteral("topics-%1.txt").arg(QUuid::createUuid().toString(QUuid::WithoutBraces))));
    if (!list.open(QIODevice::WriteOnly))
        return {};
    list.write(topics.join(QLatin1Char('\n')).toUtf8());
    list.close();
    const ProcessResult r = run(BrokerEnvironment::python(),
                                {BrokerEnvironment::script(QStringLiteral("seed_consumer.py")), QStringLiteral("--bootstrap"), bootstrap,
                                 QStringLiteral("--topics-file"), list.fileName(), QStringLiteral("--expect"), QString::number(expect),
                                 QStringLiteral("--idle"), QString::number(idleSeconds), QStringLiteral("--timeout"), QStringLiteral("120")},
                                180'000);
    if (r.exitCode != 0)
        qWarning().noquote() << "seed_consumer.py exited" << r.exitCode << r.err;
    QVector<QJsonObject> records;
    for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        records.append(QJsonDocument::fromJson(line.toUtf8()).object());
    return records;
}

bool PythonTools::admin(const QString &bootstrap, const QStringList &args, QString *error)
{
    const ProcessResult r = run(BrokerEnvironment::python(),
                                QStringList{BrokerEnvironment::script(QStringLiteral("kafka_admin.py")), QStringLiteral("--bootstrap"), bootstrap} + args,
                                60'000);
    if (r.exitCode != 0)
        *error = r.err;
    return r.exitCode == 0;
}

} // namespace ns::test
