#pragma once

#include "DeliveryReport.h"
#include "Message.h"
#include "OutboxEntry.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QStringList>

namespace ns {

/// Counts of one composed message's recipients by status, for the Sent view and the CLI.
struct OutboxSummary
{
    int pending = 0;
    int delivered = 0;
    int failed = 0;
    int scheduled = 0;
    int cancelled = 0;
};

/// The outbox table: composed messages waiting for, or holding, their delivery verdicts.
///
/// A row is written before its record is handed to Kafka and leaves `pending` only on a delivery
/// report: `delivered` is final (never sent again), `failed` waits for a retry. Not thread-safe:
/// each thread uses its own OutboxStore over its own connection.
class OutboxStore
{
public:
    explicit OutboxStore(QSqlDatabase db);

    /// Writes one pending row per recipient, in one transaction; `message` carries the uuid,
    /// created_by and created_date that go on the wire. Returns the stored rows (empty on error,
    /// also when they were written but could not be read back).
    QVector<OutboxEntry> enqueue(const Message &message, const QStringList &recipients, StoreError *error);
    /// The same, `scheduled` until `sendAt` (UTC) when it is valid: nothing is handed to Kafka
    /// before takeDueScheduled() makes the rows pending.
    QVector<OutboxEntry> enqueue(const Message &message, const QStringList &recipients, const QDateTime &sendAt,
                                 StoreError *error);
    /// A message whose text differs per recipient (a template filled per person): one row per
    /// (recipient, message), all with the first message's uuid, in one transaction.
    using PersonalCopies = QVector<std::pair<QString, Message>>;
    QVector<OutboxEntry> enqueueEach(const PersonalCopies &copies, const QDateTime &sendAt, StoreError *error);

    // Scheduled sends ("Send later"). Each change is one transaction that claims the rows it
    // changes (UPDATE ... RETURNING under the write lock): of two processes on one file, one
    // sends a row that came due, and a send cancelled cannot go out after all.

    /// Makes the scheduled rows due at `nowMs` pending and returns them (to be dispatched by the
    /// caller); only those of `messageUuids` when it is not empty.
    QVector<OutboxEntry> takeDueScheduled(qint64 nowMs, const QStringList &messageUuids, StoreError *error);
    /// Whether any scheduled row (of `messageUuids`, when not empty) is due at `nowMs`: a read,
    /// cheap enough to ask a few times a second.
    bool hasDueScheduled(qint64 nowMs, const QStringList &messageUuids, StoreError *error) const;
    /// Cancels a scheduled message: every row still scheduled becomes `cancelled`; returns them.
    /// Empty (no error) when nothing was left to cancel: it has gone out already.
    QVector<OutboxEntry> cancelScheduled(const QString &messageUuid, StoreError *error);
    /// An edit of a scheduled message: `oldUuid`'s rows are cancelled and `message` written for
    /// `recipients` (scheduled at `sendAt`, or pending when invalid), in one transaction. Refused
    /// (nothing changed, `refusal` says why for people) when any row of `oldUuid` is no longer
    /// scheduled. Returns the cancelled rows followed by the new ones.
    QVector<OutboxEntry> replaceScheduled(const QString &oldUuid, const Message &message, const QStringList &recipients,
                                          const QDateTime &sendAt, StoreError *error, QString *refusal);

    /// Counts one more hand-over to Kafka for each row, in one transaction; returns the rows
    /// as now stored. Only pending rows are touched.
    QVector<OutboxEntry> recordAttempts(const QVector<qint64> &ids, StoreError *error);

    /// Applies delivery reports in one transaction and returns the rows as now stored. Only
    /// pending rows change: a delivered row never goes back, whatever a late report says.
    QVector<OutboxEntry> applyReports(const QVector<DeliveryReport> &reports, StoreError *error);

    /// Moves failed rows back to pending for another try; returns the rows it moved (a row that
    /// is not failed, e.g. retried meanwhile by another window, is left out).
    QVector<OutboxEntry> retryFailed(const QVector<qint64> &ids, StoreError *error);

    // The reads below set `error` (Kind::None on success) and return nothing on failure, which
    // is then not "no rows": every caller passes an `error` and tells the failure its own way.

    /// Every pending row, oldest first: what start-up resumes.
    QVector<OutboxEntry> pendingEntries(StoreError *error) const;
    /// The newest rows first, for the Sent view.
    QVector<OutboxEntry> newestEntries(int limit, StoreError *error) const;
    QVector<OutboxEntry> entriesForMessage(const QString &messageUuid, StoreError *error) const;
    QVector<OutboxEntry> entriesByIds(const QVector<qint64> &ids, StoreError *error) const;
    /// The counts of one message's rows, or of the whole outbox when `messageUuid` is empty.
    OutboxSummary summary(const QString &messageUuid, StoreError *error) const;

private:
    bool insertRows(const Message &message, const QStringList &recipients, const QDateTime &sendAt, StoreError *error);
    bool insertCopies(const PersonalCopies &copies, const QDateTime &sendAt, StoreError *error);
    QVector<qint64> claim(const QString &update, const QVariantList &binds, StoreError *error);
    QVector<OutboxEntry> select(const QString &where, const QVariantList &binds, StoreError *error) const;

    QSqlDatabase m_db;
};

} // namespace ns
