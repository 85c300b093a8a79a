#include "InboxCommandRunner.h"

#include "Database.h"
#include "ReadMarkSlices.h"
#include "SqlTransaction.h"
#include "StateStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>
#include <map>
#include <tuple>

namespace ns {
namespace {
// Per-message commands write a journal record per message: fewer of them per transaction.
constexpr int PerMessageSlice = InboxCommandRunner::SliceRows / 4;

QString whatOf(InboxCommand::Kind kind)
{
    switch (kind) {
    case InboxCommand::Kind::SetRead: return QStringLiteral("marking messages");
    case InboxCommand::Kind::SetArchived: return QStringLiteral("archiving messages");
    case InboxCommand::Kind::SetSnoozed: return QStringLiteral("snoozing messages");
    case InboxCommand::Kind::MarkBucketsRead:
    case InboxCommand::Kind::MarkIdsRead:
    case InboxCommand::Kind::MarkReadBefore: return QStringLiteral("marking messages read");
    case InboxCommand::Kind::WakeDue: return QStringLiteral("waking snoozed messages");
    case InboxCommand::Kind::BulkRead: return QStringLiteral("marking the selected messages");
    case InboxCommand::Kind::BulkArchived: return QStringLiteral("archiving the selected messages");
    case InboxCommand::Kind::BulkSnoozed: return QStringLiteral("snoozing the selected messages");
    case InboxCommand::Kind::Restore: return QStringLiteral("undoing a change");
    }
    return QStringLiteral("changing messages");
}
} // namespace

InboxCommandRunner::InboxCommandRunner(QSqlDatabase db, const InboxCommand &command)
    : m_db(db), m_index(std::move(db)), m_command(command)
{
    m_result.serial = command.serial;
    m_result.kind = command.kind;
}

void InboxCommandRunner::spare(const QVector<qint64> &ids)
{
    m_spared += ids;
}

bool InboxCommandRunner::runSlice()
{
    if (m_done)
        return true;
    StoreError error;
    bool ok = true;
    switch (m_command.kind) {
    case InboxCommand::Kind::SetRead:
    case InboxCommand::Kind::SetArchived:
    case InboxCommand::Kind::SetSnoozed:
    case InboxCommand::Kind::MarkIdsRead: ok = runPerMessage(); break;
    case InboxCommand::Kind::MarkBucketsRead: ok = runMarkBucketsRead(); break;
    case InboxCommand::Kind::MarkReadBefore:
        ok = runRange([this](qint64 from, qint64 to, StoreError *e) {
            return ReadMarkSlices::markCreatedBefore(m_db, m_command.value, from, to, m_spared, &m_result.ids, e);
        });
        break;
    case InboxCommand::Kind::BulkRead:
    case InboxCommand::Kind::BulkArchived:
    case InboxCommand::Kind::BulkSnoozed: ok = runBulk(); break;
    case InboxCommand::Kind::Restore: ok = runRestore(); break;
    case InboxCommand::Kind::WakeDue:
        ok = m_index.wakeDue(m_command.value, &m_result.ids, &error);
        if (!ok)
            m_result.error = error;
        m_result.changed = m_result.ids.size();
        ++m_result.slices;
        m_done = ok;
        break;
    }
    if (ok)
        m_result.error = {};
    return ok;
}

// One transaction per slice of ids; inside it each message is changed and journaled by the same
// MessageIndex call the window used to make (a savepoint each, nested in the slice).
bool InboxCommandRunner::runPerMessage()
{
    const auto n = static_cast<int>(m_command.ids.size());
    const int end = std::min(n, m_nextId + PerMessageSlice);
    SqlTransaction tx(m_index.database());
    if (!tx.isOpen()) {
        m_result.error = StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
        return false;
    }
    qint64 changed = 0;
    for (int i = m_nextId; i < end; ++i) {
        const qint64 id = m_command.ids.at(i);
        StoreError error;
        bool ok = true;
        switch (m_command.kind) {
        case InboxCommand::Kind::SetRead: ok = m_index.setRead(id, m_command.value != 0, &error); break;
        case InboxCommand::Kind::SetArchived: ok = m_index.setArchived(id, m_command.value != 0, &error); break;
        case InboxCommand::Kind::SetSnoozed: ok = m_index.setSnoozed(id, m_command.value, &error); break;
        case InboxCommand::Kind::MarkIdsRead: {
            const qint64 c = m_spared.contains(id) ? 0 : m_index.markIdsRead({id}, &error);
            ok = c >= 0;
            changed += std::max<qint64>(c, 0);
            if (c > 0)
                m_result.ids.append(id);
            break;
        }
        default: break;
        }
        if (!ok) {
            m_result.error = error;
            return false; // The slice's transaction rolls back.
        }
        if (m_command.kind != InboxCommand::Kind::MarkIdsRead)
            ++changed;
    }
    if (!tx.commit()) {
        m_result.error = StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
        return false;
    }
    m_result.changed += changed;
    ++m_result.slices;
    m_nextId = end;
    m_done = end >= n;
    return true;
}

bool InboxCommandRunner::begin()
{
    if (m_begun)
        return true;
    StoreError error;
    const qint64 top = ReadMarkSlices::maxMessageId(m_db, &error);
    if (top < 0) {
        m_result.error = error;
        return false;
    }
    m_rangeFrom = 0;
    m_rangeEnd = m_command.kind == InboxCommand::Kind::MarkBucketsRead ? std::min(top, m_command.maxId) : top;
    m_begun = true;
    return true;
}

bool InboxCommandRunner::runRange(const std::function<qint64(qint64, qint64, StoreError *)> &slice)
{
    if (!begin())
        return false;
    // Newest first, as every long command: the top of the list is written after the first slice,
    // so a re-read of it (arrivals during a catch-up re-read the list) does not take back what
    // the person sees changed.
    const qint64 from = std::max(m_rangeFrom, m_rangeEnd - SliceRows); // this slice: (from, m_rangeEnd]
    // BEGIN IMMEDIATE (SqlTransaction): the slice waits for the write lock instead of failing.
    SqlTransaction tx(m_index.database());
    StoreError error;
    const qint64 changed = tx.isOpen() ? slice(from, m_rangeEnd, &error) : -1;
    if (changed < 0 || !tx.commit()) {
        m_result.error = error.isError() ? error : StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
        return false;
    }
    m_result.changed += changed;
    ++m_result.slices;
    m_rangeEnd = from;
    m_done = m_rangeEnd <= m_rangeFrom;
    return true;
}

bool InboxCommandRunner::runMarkBucketsRead()
{
    if (!ReadMarkSlices::coversInboxUnread(m_command.buckets)) {
        // Another folder (Archived, Inactive): one record per message changed, slice by slice.
        return runRange([this](qint64 from, qint64 to, StoreError *e) {
            return ReadMarkSlices::markBuckets(m_db, m_command.buckets, m_command.maxId, from, to, m_spared, &m_result.ids, e);
        });
    }
    if (!m_begun) {
        // The first slice: the watermark records, and the first rows they cover, in one transaction.
        if (!begin())
            return false;
        StoreError error;
        SqlTransaction tx(m_index.database());
        QVector<MessageCoordinates> watermarks;
        const qint64 from = std::max(m_rangeFrom, m_rangeEnd - SliceRows); // newest first, as runRange()
        qint64 changed = -1;
        QVector<qint64> markedAbove;
        if (tx.isOpen()
            && ReadMarkSlices::recordAllRead(m_db, m_command.buckets, m_command.maxId, &watermarks, &markedAbove, &error))
            changed = ReadMarkSlices::markCovered(m_db, watermarks, from, m_rangeEnd, m_spared, &m_result.ids, &error);
        if (changed >= 0) {
            changed += markedAbove.size();
            m_result.ids += markedAbove;
        }
        if (changed < 0 || !tx.commit()) {
            m_result.error = error.isError() ? error : StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
            m_begun = false;
            return false;
        }
        m_watermarks = watermarks;
        m_result.changed += changed;
        ++m_result.slices;
        m_rangeEnd = from;
        m_done = m_rangeEnd <= m_rangeFrom || m_watermarks.isEmpty();
        return true;
    }
    return runRange([this](qint64 from, qint64 to, StoreError *e) {
        return ReadMarkSlices::markCovered(m_db, m_watermarks, from, to, m_spared, &m_result.ids, e);
    });
}

namespace {
QString idList(const QVector<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}
} // namespace

// One slice of a bulk action: the selected rows of the slice that the action changes are read
// (their states before, for an undo), changed in one UPDATE and journaled one record per message
// and field (as MessageIndex's single changes are), in one transaction.
bool InboxCommandRunner::runBulk()
{
    const MessageSelection &sel = m_command.selection;
    const qint64 v = m_command.value;
    QString target;
    qint64 sliceEnd = 0;
    if (sel.all) {
        if (!m_begun) {
            m_rangeFrom = 0;
            m_rangeEnd = sel.maxId;
            m_begun = true;
        }
        // Newest first: the top of every window, this one's and the other desktops' (the records
        // go out slice by slice), shows the action after the first slice, not after the last.
        sliceEnd = std::max(m_rangeFrom, m_rangeEnd - SliceRows / 2); // this slice: (sliceEnd, m_rangeEnd]
        QStringList buckets;
        for (int b : sel.buckets)
            buckets.append(QString::number(b));
        target = QStringLiteral("id > %1 AND id <= %2 AND %3 IN (%4)")
                     .arg(sliceEnd)
                     .arg(m_rangeEnd)
                     .arg(Database::bucketExpression("messages"), buckets.join(QLatin1Char(',')));
        if (!sel.except.isEmpty())
            target += QStringLiteral(" AND id NOT IN (%1)").arg(idList(sel.except));
    } else {
        const auto n = static_cast<int>(sel.ids.size());
        sliceEnd = std::min(n, m_nextId + PerMessageSlice);
        target = QStringLiteral("id IN (%1)").arg(idList(sel.ids.mid(m_nextId, sliceEnd - m_nextId)));
    }
    if (!m_spared.isEmpty())
        target += QStringLiteral(" AND id NOT IN (%1)").arg(idList(m_spared));
    const int archived = static_cast<int>(Placement::Archived), inbox = static_cast<int>(Placement::Inbox),
              snoozed = static_cast<int>(Placement::Snoozed);
    QString changes, set;
    QVector<QPair<StateField, qint64>> journal;
    switch (m_command.kind) {
    case InboxCommand::Kind::BulkRead:
        changes = QStringLiteral("is_read != %1").arg(v != 0 ? 1 : 0);
        set = QStringLiteral("is_read = %1").arg(v != 0 ? 1 : 0);
        journal = {{StateField::Read, v != 0 ? 1 : 0}};
        break;
    case InboxCommand::Kind::BulkArchived: {
        const int p = v != 0 ? archived : inbox;
        changes = QStringLiteral("(is_archived != %1 OR snoozed_until != 0)").arg(p);
        set = QStringLiteral("is_archived = %1, snoozed_until = 0").arg(p);
        journal = {{StateField::Archived, v != 0 ? 1 : 0}};
        break;
    }
    default: { // BulkSnoozed: unread both ways, as MessageIndex::setSnoozed.
        const int p = v > 0 ? snoozed : inbox;
        changes = QStringLiteral("(is_archived != %1 OR is_read != 0 OR snoozed_until != %2)").arg(p).arg(v);
        set = QStringLiteral("is_archived = %1, is_read = 0, snoozed_until = %2").arg(p).arg(v);
        journal = {{StateField::Archived, 0}, {StateField::Snoozed, v}, {StateField::Read, 0}};
        break;
    }
    }
    SqlTransaction tx(m_db);
    StoreError error;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QVector<qint64> ids;
    QVector<MessageState> before;
    bool ok = tx.isOpen()
        && q.exec(QStringLiteral("SELECT id, is_read, is_archived, snoozed_until FROM messages%1 WHERE %2 AND %3")
                      .arg(sel.all ? QStringLiteral(" NOT INDEXED") : QString(), target, changes));
    while (ok && q.next()) {
        before.append({q.value(0).toLongLong(), q.value(1).toInt() != 0, q.value(2).toInt(), q.value(3).toLongLong()});
        ids.append(before.last().id);
    }
    ok = ok && !q.lastError().isValid();
    if (!ok)
        error = StoreError::fromSql(tx.isOpen() ? q.lastError() : tx.lastError(), whatOf(m_command.kind));
    q.finish();
    if (ok && !ids.isEmpty()) {
        ok = q.exec(QStringLiteral("UPDATE messages SET %1 WHERE id IN (%2)").arg(set, idList(ids)));
        if (!ok)
            error = StoreError::fromSql(q.lastError(), whatOf(m_command.kind));
        for (const auto &[field, value] : std::as_const(journal)) {
            if (ok)
                ok = StateJournal::recordMessages(m_db, ids, field, value, &error);
        }
    }
    if (ok && !tx.commit()) {
        ok = false;
        error = StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
    }
    if (!ok) {
        m_result.error = error;
        return false;
    }
    m_result.before += before;
    m_result.changed += ids.size();
    ++m_result.slices;
    if (sel.all) {
        m_rangeEnd = sliceEnd;
        m_done = m_rangeEnd <= m_rangeFrom;
        // An undo (runRestore) takes the states in ascending ids, the newest last.
        if (m_done)
            std::sort(m_result.before.begin(), m_result.before.end(),
                      [](const MessageState &a, const MessageState &b) { return a.id < b.id; });
    } else {
        m_nextId = static_cast<int>(sliceEnd);
        m_done = m_nextId >= sel.ids.size();
    }
    return true;
}

// An undo: each message back to its state before, journaled like any change so the other
// desktops follow it. The messages of a slice are grouped by the state they go back to (an undo of
// a bulk action has one or a few), and each group is one UPDATE per state field with the same
// conditions and records as MessageIndex's single changes: only rows that change are journaled,
// the place first, then the read state (one message at a time took 0.6 ms each: 56 s to undo the
// archive of 90,000 in bench_bulk).
bool InboxCommandRunner::runRestore()
{
    // From the end: an undo of a bulk action has its states in ascending ids (runBulk sorts
    // them), so the newest messages, those at the top of the list, come back first and the
    // list shows them after one slice (MessageListModel reads again after each), not after all.
    const auto n = static_cast<int>(m_command.states.size());
    const int end = std::min(n, m_nextId + (m_nextId == 0 ? FirstRestoreSliceRows : SliceRows));
    const int first = n - end, last = n - m_nextId; // This slice: states [first, last).
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        m_result.error = StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
        return false;
    }
    struct Group
    {
        int placement;
        qint64 untilMs;
        bool read;
        bool operator<(const Group &o) const { return std::tie(placement, untilMs, read) < std::tie(o.placement, o.untilMs, o.read); }
    };
    std::map<Group, QVector<qint64>> groups;
    for (int i = first; i < last; ++i) {
        const MessageState &s = m_command.states.at(i);
        const bool snoozed = s.placement == static_cast<int>(Placement::Snoozed);
        groups[{s.placement, snoozed ? s.untilMs : 0, s.read}].append(s.id);
    }
    const int snoozedPlace = static_cast<int>(Placement::Snoozed), archivedPlace = static_cast<int>(Placement::Archived);
    // The ids that changed, journaled with `changes`.
    const auto change = [&](const QString &sql, const QVector<qint64> &ids,
                            const QVector<QPair<StateField, qint64>> &changes, StoreError *error) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(sql.arg(idList(ids)))) {
            *error = StoreError::fromSql(q.lastError(), whatOf(m_command.kind));
            return false;
        }
        QVector<qint64> changed;
        while (q.next())
            changed.append(q.value(0).toLongLong());
        q.finish();
        for (const auto &[field, value] : changes) {
            if (!changed.isEmpty() && !StateJournal::recordMessages(m_db, changed, field, value, error))
                return false;
        }
        return true;
    };
    for (const auto &[g, ids] : groups) {
        StoreError error;
        bool ok;
        if (g.placement == snoozedPlace) {
            ok = change(QStringLiteral("UPDATE messages SET is_archived = %1, is_read = 0, snoozed_until = %2 WHERE id IN (%3)"
                                       " AND (is_archived != %1 OR is_read != 0 OR snoozed_until != %2) RETURNING id")
                            .arg(snoozedPlace)
                            .arg(g.untilMs),
                        ids, {{StateField::Archived, 0}, {StateField::Snoozed, g.untilMs}, {StateField::Read, 0}}, &error);
        } else {
            ok = change(QStringLiteral("UPDATE messages SET is_archived = %1, snoozed_until = 0 WHERE id IN (%2)"
                                       " AND (is_archived != %1 OR snoozed_until != 0) RETURNING id")
                            .arg(g.placement),
                        ids, {{StateField::Archived, g.placement == archivedPlace ? 1 : 0}}, &error);
        }
        const int read = g.read ? 1 : 0;
        ok = ok
             && change(QStringLiteral("UPDATE messages SET is_read = %1 WHERE id IN (%2) AND is_read != %1 RETURNING id").arg(read),
                       ids, {{StateField::Read, read}}, &error);
        if (!ok) {
            m_result.error = error;
            return false; // The slice's transaction rolls back.
        }
    }
    if (!tx.commit()) {
        m_result.error = StoreError::fromSql(tx.lastError(), whatOf(m_command.kind));
        return false;
    }
    m_result.changed += end - m_nextId;
    ++m_result.slices;
    m_nextId = end;
    m_done = end >= n;
    return true;
}

} // namespace ns
