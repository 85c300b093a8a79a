#pragma once

#include <QByteArray>
#include <QRandomGenerator>
#include <QString>

#include <functional>

/// A user's topic filled with a backlog before a benchmark: created with kafka-python's admin
/// client, `partitions` partitions, record i on partition i % partitions, produced by kcat (a client
/// nobody here wrote) from a file per partition.
class BenchTopic
{
public:
    /// The value of record `i` (`rng` seeded per partition, `endMs` now).
    using Value = std::function<QByteArray(int i, QRandomGenerator &rng, qint64 endMs)>;

    /// False with the reason in `error`.
    static bool fill(const QString &bootstrap, const QString &topic, int records, int partitions, const QString &workDir,
                     const Value &value, QString *error);
};
