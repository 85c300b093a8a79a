#include "ResendState.h"

#include "StateStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ns {
namespace {

bool exec(QSqlQuery &q, const QString &sql, const QVariantList &binds, const QString &what, StoreError *error)
{
    if (!q.prepare(sql)) {
        *error = StoreError::fromSql(q.lastError(), what);
        return false;
    }
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), what);
        return false;
    }
    return true;
}

} // namespace

bool ResendState::resolveStateRunToKeptCopies(PreparedStatements &statements, StoreError *error)
{
    // Two lookups by primary key per record, and a write only for the rare resend.
    const QString resend = QStringLiteral("message_resends r WHERE r.kafka_topic = state_run.msg_topic"
                                          " AND r.kafka_partition = state_run.msg_partition AND r.kafka_offset = state_run.msg_offset");
    return statements.run(QStringLiteral("UPDATE state_run SET (msg_topic, msg_partition, msg_offset) = (SELECT m.kafka_topic,"
                                         " m.kafka_partition, m.kafka_offset FROM messages m JOIN %1 AND m.id = r.message_id)"
                                         " WHERE EXISTS (SELECT 1 FROM %1)")
                              .arg(resend),
                          {}, QStringLiteral("looking up resent messages' copies"), error)
        != nullptr;
}

bool ResendState::foldReplica(QSqlDatabase &db, StoreError *error)
{
    // Resends are rare and a folded row is deleted, so this finds only what waits to be folded.
    struct Fold
    {
        MessageCoordinates resend, kept;
        qint64 id = 0;
    };
    QVector<Fold> folds;
    {
        QSqlQuery q(db);
        if (!exec(q,
                  QStringLiteral("SELECT r.kafka_topic, r.kafka_partition, r.kafka_offset, m.kafka_topic, m.kafka_partition,"
                                 " m.kafka_offset, m.id FROM message_resends r JOIN message_state s ON s.msg_topic = r.kafka_topic"
                                 " AND s.msg_partition = r.kafka_partition AND s.msg_offset = r.kafka_offset"
                                 " JOIN messages m ON m.id = r.message_id"),
                  {}, QStringLiteral("finding the state of resent messages"), error))
            return false;
        while (q.next())
            folds.append({{q.value(0).toString(), q.value(1).toInt(), q.value(2).toLongLong()},
                          {q.value(3).toString(), q.value(4).toInt(), q.value(5).toLongLong()},
                          q.value(6).toLongLong()});
    }
    for (const Fold &f : std::as_const(folds)) {
        QSqlQuery q(db);
        // Each field keeps the record later in the log (its state offset, `*_at`); SET reads the
        // row as it was, so every CASE compares with the old offsets.
        if (!exec(q,
                  QStringLiteral(
                      "INSERT INTO message_state (msg_topic, msg_partition, msg_offset, read, read_at, archived, archived_at,"
                      " snoozed_until, snoozed_at) SELECT ?, ?, ?, read, read_at, archived, archived_at, snoozed_until, snoozed_at"
                      " FROM message_state WHERE msg_topic = ? AND msg_partition = ? AND msg_offset = ?"
                      " ON CONFLICT (msg_topic, msg_partition, msg_offset) DO UPDATE SET"
                      " read = CASE WHEN excluded.read_at > coalesce(read_at, -1) THEN excluded.read ELSE read END,"
                      " read_at = CASE WHEN excluded.read_at > coalesce(read_at, -1) THEN excluded.read_at ELSE read_at END,"
                      " archived = CASE WHEN excluded.archived_at > coalesce(archived_at, -1) THEN excluded.archived ELSE archived END,"
                      " archived_at = CASE WHEN excluded.archived_at > coalesce(archived_at, -1) THEN excluded.archived_at ELSE archived_at END,"
                      " snoozed_until = CASE WHEN excluded.snoozed_at > coalesce(snoozed_at, -1) THEN excluded.snoozed_until ELSE snoozed_until END,"
                      " snoozed_at = CASE WHEN excluded.snoozed_at > coalesce(snoozed_at, -1) THEN excluded.snoozed_at ELSE snoozed_at END"),
                  {f.kept.topic, f.kept.partition, f.kept.offset, f.resend.topic, f.resend.partition, f.resend.offset},
                  QStringLiteral("moving a resent message's state to its copy"), error))
            return false;
        if (!exec(q, QStringLiteral("DELETE FROM message_state WHERE msg_topic = ? AND msg_partition = ? AND msg_offset = ?"),
                  {f.resend.topic, f.resend.partition, f.resend.offset}, QStringLiteral("moving a resent message's state to its copy"),
                  error))
            return false;
        // A change of this desktop on its way decides when it is read back (the pending rule).
        if (!exec(q,
                  QStringLiteral("SELECT EXISTS (SELECT 1 FROM state_outbox WHERE msg_topic = ? AND msg_partition = ?"
                                 " AND msg_offset = ? AND field IN ('read', 'archived', 'snoozed'))"),
                  {f.kept.topic, f.kept.partition, f.kept.offset}, QStringLiteral("checking pending state changes"), error))
            return false;
        const bool pending = q.next() && q.value(0).toInt() != 0;
        q.finish();
        if (!pending && !StateStore::applyToMessage(db, f.id, error))
            return false;
    }
    return true;
}

} // namespace ns
