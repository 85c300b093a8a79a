#include "TopicIncarnations.h"

#include "SqlTransaction.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ns {
namespace {

constexpr quint64 FnvOffset = 14695981039346656037ULL;
constexpr quint64 FnvPrime = 1099511628211ULL;

void mix(quint64 *hash, const char *data, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        *hash ^= static_cast<unsigned char>(data[i]);
        *hash *= FnvPrime;
    }
}

// Absent and empty differ (a tombstone is not an empty value): a tag byte before each part.
void mixOptional(quint64 *hash, const std::optional<QByteArray> &bytes)
{
    const char tag = bytes ? '\1' : '\0';
    mix(hash, &tag, 1);
    if (bytes)
        mix(hash, bytes->constData(), bytes->size());
}

bool run(QSqlQuery &q, StoreError *error, const QString &context)
{
    if (q.exec())
        return true;
    *error = StoreError::fromSql(q.lastError(), context);
    return false;
}

} // namespace

qint64 TopicIncarnations::fingerprint(const KafkaRecord &record)
{
    quint64 hash = FnvOffset;
    mixOptional(&hash, record.key);
    mixOptional(&hash, record.value);
    const qint64 ms = record.timestamp.isValid() ? record.timestamp.toMSecsSinceEpoch() : -1;
    for (int i = 0; i < 8; ++i) {
        const char byte = static_cast<char>((static_cast<quint64>(ms) >> (8 * i)) & 0xff);
        mix(&hash, &byte, 1);
    }
    return static_cast<qint64>(hash);
}

QHash<int, LastReadRecord> TopicIncarnations::marks(const QSqlDatabase &db, const QString &topic, StoreError *error)
{
    *error = {};
    QHash<int, LastReadRecord> out;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT partition, last_offset, fingerprint FROM partition_marks WHERE topic = ?"));
    q.addBindValue(topic);
    if (!run(q, error, QStringLiteral("reading the last records read")))
        return {};
    while (q.next())
        out.insert(q.value(0).toInt(), {topic, q.value(0).toInt(), q.value(1).toLongLong(), q.value(2).toLongLong()});
    return out;
}

bool TopicIncarnations::writeMarks(QSqlDatabase &db, const QVector<LastReadRecord> &marks, StoreError *error)
{
    if (marks.isEmpty())
        return true;
    QSqlQuery q(db);
    // The highest offset read stays: a catch-up's fill reads older records after the newest.
    if (!q.prepare(QStringLiteral("INSERT INTO partition_marks (topic, partition, last_offset, fingerprint) VALUES (?, ?, ?, ?)"
                                  " ON CONFLICT (topic, partition) DO UPDATE SET last_offset = excluded.last_offset,"
                                  " fingerprint = excluded.fingerprint WHERE excluded.last_offset >= last_offset"))) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("storing the last records read"));
        return false;
    }
    for (const LastReadRecord &m : marks) {
        q.addBindValue(m.topic);
        q.addBindValue(m.partition);
        q.addBindValue(m.offset);
        q.addBindValue(m.fingerprint);
        if (!run(q, error, QStringLiteral("storing the last records read")))
            return false;
    }
    return true;
}

bool TopicIncarnations::retire(QSqlDatabase &db, const QString &topic, const QString &reason, RetiredTopic *retired,
                               StoreError *error)
{
    *error = {};
    SqlTransaction tx(db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to set the earlier topic aside"));
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*) FROM retired_topics WHERE topic = ?"));
    q.addBindValue(topic);
    if (!run(q, error, QStringLiteral("numbering the earlier topic")) || !q.next())
        return false;
    const QString label = QStringLiteral("%1#%2").arg(topic).arg(q.value(0).toLongLong() + 1);

    // The coordinates of everything stored from `topic` move to `label`; its read ranges and
    // marks go (the new topic is read from its beginning).
    const QVector<std::pair<QString, QVariantList>> statements{
        {QStringLiteral("UPDATE messages SET kafka_topic = ? WHERE kafka_topic = ?"), {label, topic}},
        {QStringLiteral("UPDATE rejected_messages SET kafka_topic = ? WHERE kafka_topic = ?"), {label, topic}},
        {QStringLiteral("UPDATE message_state SET msg_topic = ? WHERE msg_topic = ?"), {label, topic}},
        {QStringLiteral("UPDATE state_watermarks SET topic = ? WHERE topic = ?"), {label, topic}},
        {QStringLiteral("DELETE FROM read_ranges WHERE topic = ?"), {topic}},
        {QStringLiteral("DELETE FROM partition_marks WHERE topic = ?"), {topic}},
    };
    qint64 messages = 0;
    for (const auto &[sql, binds] : statements) {
        QSqlQuery u(db);
        u.prepare(sql);
        for (const QVariant &b : binds)
            u.addBindValue(b);
        if (!run(u, error, QStringLiteral("setting the earlier topic aside")))
            return false;
        if (sql.startsWith(QLatin1String("UPDATE messages ")))
            messages = u.numRowsAffected();
    }
    QSqlQuery record(db);
    record.prepare(QStringLiteral("INSERT INTO retired_topics (retired_as, topic, retired_date, messages, reason) VALUES (?, ?, ?, ?, ?)"));
    record.addBindValue(label);
    record.addBindValue(topic);
    record.addBindValue(QDateTime::currentMSecsSinceEpoch());
    record.addBindValue(messages);
    record.addBindValue(reason);
    if (!run(record, error, QStringLiteral("recording the earlier topic")))
        return false;
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing the earlier topic's new name"));
        return false;
    }
    *retired = {topic, label, messages};
    return true;
}

} // namespace ns
