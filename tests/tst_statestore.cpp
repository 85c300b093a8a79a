// StateStore on real SQLite files: log order, the pending rule, read-back, state before the
// message, mark-all-as-read against later per-message changes, exactly once across a crash, the
// journal of local actions (bounded for "mark all as read"), and a property test: three desktops
// with random actions, deliveries and crashes on one simulated state topic end identical, and so
// does a fourth desktop rebuilt from the compacted topic.
#include "Database.h"
#include "InboxFilter.h"
#include "MessageCodec.h"
#include "MessageIndex.h"
#include "MessageStore.h"
#include "SavedSearchStore.h"
#include "StateRecord.h"
#include "StateStore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QString MessageTopic = u"0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"_s;
const QString StateTopicName = StateTopic::nameFor(MessageTopic);

Message makeMessage(int partition, qint64 offset)
{
    Message m;
    m.uuid = MessageCodec::uuidForCoordinates(MessageTopic, partition, offset);
    m.subject = u"Message %1/%2"_s.arg(partition).arg(offset);
    m.body = u"body"_s;
    m.createdDate = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(offset * 60 + partition);
    m.kafkaTopic = MessageTopic;
    m.kafkaPartition = partition;
    m.kafkaOffset = offset;
    m.receivedDate = QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC);
    return m;
}

StateChange change(StateField field, int partition, qint64 offset, qint64 value, const QString &desktop = u"other"_s)
{
    StateChange c;
    c.field = field;
    c.message = {MessageTopic, partition, offset};
    c.value = value;
    c.desktopId = desktop;
    c.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return c;
}

/// A record of the simulated state topic: key and value as the broker holds them.
struct LogEntry
{
    QByteArray key;
    QByteArray value;
};

/// The state topic, simulated: the records in log order; an offset is an index (compaction keeps offsets).
struct SimulatedLog
{
    QVector<qint64> offsets;
    QVector<LogEntry> entries;

    qint64 end() const { return offsets.isEmpty() ? 0 : offsets.last() + 1; }
    void append(const LogEntry &e)
    {
        offsets.append(end());
        entries.append(e);
    }
    /// What the broker's compaction leaves: the last record per key, in log order, offsets kept.
    SimulatedLog compacted() const
    {
        QHash<QByteArray, int> last;
        for (int i = 0; i < entries.size(); ++i)
            last[entries[i].key] = i;
        SimulatedLog out;
        for (int i = 0; i < entries.size(); ++i) {
            if (last.value(entries[i].key) == i) {
                out.offsets.append(offsets[i]);
                out.entries.append(entries[i]);
            }
        }
        return out;
    }
    /// The records from `from` on (at most `limit`), decoded as the transport decodes them.
    QVector<StateLogRecord> read(qint64 from, int limit, qint64 *next) const
    {
        QVector<StateLogRecord> out;
        *next = from;
        for (int i = 0; i < entries.size() && out.size() < limit; ++i) {
            if (offsets[i] < from)
                continue;
            QString error;
            const std::optional<StateChange> c = StateRecordCodec::decode(entries[i].key, entries[i].value, &error);
            if (!c)
                qFatal("the simulated log holds a record the codec refuses: %s", qPrintable(error));
            out.append({*c, offsets[i]});
            *next = offsets[i] + 1;
        }
        if (out.size() < limit)
            *next = std::max(*next, end());
        return out;
    }
};

/// A message's inbox state as the tests compare it across desktops.
struct MessageState
{
    bool read = false;
    bool archived = false;
    qint64 snoozedUntil = 0; ///< Snoozed (Placement::Snoozed) until then; 0: not snoozed.

    friend bool operator==(const MessageState &, const MessageState &) = default;
};

QString describe(const MessageState &s)
{
    return u"%1%2%3"_s.arg(s.read ? u"read"_s : u"unread"_s, s.archived ? u" archived"_s : QString(),
                           s.snoozedUntil ? u" snoozed until %1"_s.arg(s.snoozedUntil) : QString());
}

// Snooze times of the property test: long past (woken as soon as it is seen) or far ahead (still
// snoozed at the end), so that the outcome does not depend on when the test runs.
constexpr qint64 LongAgo = 978'307'200'000;   // 2001-01-01
constexpr qint64 FarAhead = 4'102'444'800'000; // 2100-01-01

/// One NS Inbox: a database file and the stores on it, which a crash drops (the file stays).
class Desktop
{
public:
    /// `sliceOffsets` > 0: Mark All as Read records are applied in slices of that many offsets.
    explicit Desktop(const QString &path, qint64 sliceOffsets = 0) : m_path(path), sliceOffsets(sliceOffsets) { open(); }
    ~Desktop() { close(); }

    bool isOpen() const { return m_db.isOpen(); }
    QString openError() const { return m_openError; }
    QSqlDatabase db() const { return m_db; }
    MessageStore &messages() { return *m_messages; }
    MessageIndex &index() { return *m_index; }
    StateStore &state() { return *m_state; }

    /// A crash: the objects and the connection go, uncommitted nothing (every step commits or
    /// rolls back); the file is opened again as a restarted app opens it.
    void crashAndRestart()
    {
        close();
        open();
    }

    bool store(const QVector<Message> &batch)
    {
        IngestBatch b;
        b.messages = batch;
        BatchResult result;
        StoreError error;
        return m_messages->writeBatch(b, &result, &error);
    }

    qint64 idOf(const MessageCoordinates &m) const
    {
        QSqlQuery q(m_db);
        q.prepare(u"SELECT id FROM messages WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset = ?"_s);
        q.addBindValue(m.topic);
        q.addBindValue(m.partition);
        q.addBindValue(m.offset);
        return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    }

    /// The state of every stored message, by coordinates.
    QMap<QString, MessageState> states() const
    {
        QMap<QString, MessageState> out;
        QSqlQuery q(m_db);
        q.exec(u"SELECT kafka_partition, kafka_offset, is_read, is_archived, snoozed_until FROM messages"_s);
        while (q.next()) {
            const int placement = q.value(3).toInt();
            const qint64 until = q.value(4).toLongLong();
            // A snoozed row says when; any other place has no time (a mismatch shows as a difference).
            out.insert(u"%1/%2"_s.arg(q.value(0).toInt()).arg(q.value(1).toLongLong()),
                       {q.value(2).toInt() != 0, placement == int(Placement::Archived),
                        placement == int(Placement::Snoozed) ? until : (until ? -until : 0)});
        }
        return out;
    }

    qint64 scalar(const QString &sql) const
    {
        QSqlQuery q(m_db);
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

private:
    void open()
    {
        m_connection = Database::uniqueConnectionName(u"desktop"_s);
        StoreError error;
        m_db = Database::open(m_path, m_connection, &error);
        m_openError = error.text;
        m_messages = std::make_unique<MessageStore>(m_db);
        m_index = std::make_unique<MessageIndex>(m_db);
        m_state = std::make_unique<StateStore>(m_db);
        if (sliceOffsets > 0)
            m_state->setWatermarkSliceOffsets(sliceOffsets);
    }
    void close()
    {
        m_state.reset();
        m_index.reset();
        m_messages.reset();
        m_db = {};
        Database::close(m_connection);
    }

    QString m_path;
    qint64 sliceOffsets = 0;
    QString m_connection;
    QString m_openError;
    QSqlDatabase m_db;
    std::unique_ptr<MessageStore> m_messages;
    std::unique_ptr<MessageIndex> m_index;
    std::unique_ptr<StateStore> m_state;
};

/// The pending rule, checked at any moment: a message with a change of this desktop not read back
/// yet shows the newest such change (for read: its own read change or a mark-all covering it,
/// whichever this desktop made last), whatever other desktops' records arrived meanwhile.
QString pendingRuleViolation(const Desktop &d)
{
    QSqlQuery q(d.db());
    q.exec(u"SELECT id, key, value FROM state_outbox ORDER BY id"_s);
    QVector<StateChange> pending; // oldest first
    while (q.next()) {
        const std::optional<StateChange> c = StateRecordCodec::decode(q.value(1).toString().toUtf8(), q.value(2).toByteArray(), nullptr);
        if (!c)
            return u"an outbox row does not decode"_s;
        pending.append(*c);
    }
    const QMap<QString, MessageState> rows = d.states();
    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        const QStringList parts = it.key().split(u'/');
        const int partition = parts[0].toInt();
        const qint64 offset = parts[1].toLongLong();
        std::optional<bool> read, archived;
        std::optional<qint64> snoozedUntil;
        for (const StateChange &c : std::as_const(pending)) {
            const bool isThis = c.message.partition == partition && c.message.offset == offset;
            if (c.field == StateField::Read && isThis) {
                read = c.value != 0;
            } else if (c.field == StateField::AllRead && c.message.partition == partition && c.message.offset > offset) {
                read = true;
            } else if (c.field == StateField::Archived && isThis) {
                archived = c.value != 0;
                snoozedUntil = 0;
            } else if (c.field == StateField::Snoozed && isThis) {
                archived = false;
                snoozedUntil = c.value;
            }
        }
        // A snooze of ours whose time has passed may have been woken already (the wake writes nothing).
        const bool woken = snoozedUntil && *snoozedUntil > 0 && *snoozedUntil <= QDateTime::currentMSecsSinceEpoch()
            && it->snoozedUntil == 0 && !it->archived;
        if ((read && *read != it->read) || (archived && *archived != it->archived)
            || (snoozedUntil && *snoozedUntil != it->snoozedUntil && !woken))
            return u"message %1 shows %2 while this desktop's own change says %3 %4 %5"_s.arg(
                it.key(), describe(*it), read ? (*read ? u"read"_s : u"unread"_s) : QString(),
                archived ? (*archived ? u"archived"_s : u"not archived"_s) : QString(),
                snoozedUntil ? u"snoozed until %1"_s.arg(*snoozedUntil) : QString());
    }
    return {};
}

/// What the log says, folded in log order: the reference every desktop must end equal to.
QMap<QString, MessageState> expectedFrom(const SimulatedLog &log, const QVector<Message> &messages)
{
    struct Field
    {
        qint64 value = 0;
        qint64 at = -1;
    };
    QHash<QString, Field> read, archived, snoozed;
    struct Mark
    {
        qint64 watermark = 0;
        qint64 at = -1;
    };
    QHash<QString, Mark> allRead; // per partition/desktop
    qint64 next = 0;
    for (const StateLogRecord &r : log.read(0, int(log.entries.size()), &next)) {
        const StateChange &c = r.change;
        const QString m = u"%1/%2"_s.arg(c.message.partition).arg(c.message.offset);
        switch (c.field) {
        case StateField::Read: read[m] = {c.value, r.stateOffset}; break;
        case StateField::Archived: archived[m] = {c.value, r.stateOffset}; break;
        case StateField::Snoozed: snoozed[m] = {c.value, r.stateOffset}; break;
        case StateField::AllRead: allRead[u"%1/%2"_s.arg(c.message.partition).arg(c.desktopId)] = {c.message.offset, r.stateOffset}; break;
        case StateField::SavedSearch: break; // Not about messages (savedSearchesFollowInLogOrder).
        }
    }
    QMap<QString, MessageState> out;
    for (const Message &msg : messages) {
        const QString m = u"%1/%2"_s.arg(msg.kafkaPartition).arg(msg.kafkaOffset);
        qint64 coveredAt = -1;
        for (auto it = allRead.cbegin(); it != allRead.cend(); ++it) {
            if (it.key().startsWith(QString::number(msg.kafkaPartition) + u'/') && it->watermark > msg.kafkaOffset)
                coveredAt = std::max(coveredAt, it->at);
        }
        const Field r = read.value(m);
        MessageState s;
        s.read = r.at > coveredAt ? r.value != 0 : coveredAt >= 0;
        // The later of the archived and snoozed records decides the place; a snooze whose time
        // has passed is over (back in the inbox).
        const Field a = archived.value(m), z = snoozed.value(m);
        if (z.at > a.at && z.value > 0)
            s.snoozedUntil = z.value > QDateTime::currentMSecsSinceEpoch() ? z.value : 0;
        else
            s.archived = a.value != 0;
        out.insert(m, s);
    }
    return out;
}

/// Marks read what Mark All as Read records left, up to `slices` slices (-1: all), as the
/// state-sync worker does between its other work.
bool applyWatermarkSlices(Desktop &d, int slices, StateApplyResult *all = nullptr)
{
    bool more = true;
    for (int i = 0; more && (slices < 0 || i < slices); ++i) {
        StateApplyResult result;
        StoreError error;
        if (!d.state().applyWatermarkSlice(&result, &more, &error)) {
            qWarning() << "applyWatermarkSlice:" << error.text;
            return false;
        }
        if (all) {
            all->changedIds += result.changedIds;
            all->nowReadIds += result.nowReadIds;
        }
    }
    return true;
}

/// Reads the log into a desktop up to its end, in batches of `batch`, with a slice of what Mark
/// All as Read records left after each batch, and the rest at the end.
bool readToEnd(Desktop &d, const SimulatedLog &log, int batch, StateApplyResult *all = nullptr)
{
    for (;;) {
        StoreError error;
        const std::optional<qint64> from = d.state().nextOffset(StateTopicName, &error);
        if (!from)
            return false;
        if (*from >= log.end())
            return applyWatermarkSlices(d, -1, all);
        if (!applyWatermarkSlices(d, 1, all))
            return false;
        qint64 next = 0;
        const QVector<StateLogRecord> records = log.read(*from, batch, &next);
        StateApplyResult result;
        if (!d.state().applyIncoming(StateTopicName, records, next, &result, &error)) {
            qWarning() << "applyIncoming:" << error.text;
            return false;
        }
        if (all) {
            all->applied += result.applied;
            all->skippedPending += result.skippedPending;
            all->changedIds += result.changedIds;
            all->nowReadIds += result.nowReadIds;
        }
    }
}

/// Produces up to `limit` queued changes of a desktop to the log, acknowledged (markSent).
int send(Desktop &d, SimulatedLog &log, int limit)
{
    StoreError error;
    const QVector<QueuedStateRecord> rows = d.state().queued(limit, &error);
    for (const QueuedStateRecord &r : rows) {
        log.append({r.key, r.value});
        if (!d.state().markSent(r.outboxId, &error))
            return -1;
    }
    return int(rows.size());
}

} // namespace

class TestStateStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void schemaHasTheStateTables();
    void desktopIdIsMadeOnceAndKept();
    void appliesInLogOrder();
    void recordsOutOfOrderAreRefused();
    void exactlyOnceAcrossACrash();
    void aFailedBatchAppliesNothing();
    void ownChangeWinsUntilReadBack();
    void readBackRemovesTheOutboxRow();
    void requeueSentSendsWhatNeverCameBack();
    void staleChangeCompactedAwayIsDroppedNotResent();
    void stateBeforeTheMessage();
    void allReadThenUnread();
    void unreadThenAllRead();
    void aNewStateTopicsRecordsComeAfterTheEarlierOnes();
    void pendingAllReadProtectsReadState();
    void localActionsAreJournaled();
    void snoozeIsJournaledAndAppliedByItsTime();
    void aCallersTransactionHoldsTheJournalToo();
    void markAllReadWatermarkOnlyGrows();
    void markAllReadOfAMillionIsAFewRecords();
    void markAllReadDuringANewestFirstCatchUpCoversOnlyWhatWasSeen();
    void recordsOfALaterVersionAreReadAgainByIt();
    void savedSearchesAreJournaled();
    void savedSearchesFollowInLogOrder();
    void savedSearchesAddedAtOnceOrderTheSame();
    void catchUpOfManyRecords();
    void threeDesktopsConverge();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Desktop> m_desktop;
    /// The seeds of the property test: NS_STATE_SEED=N runs one, NS_STATE_SEEDS=N that many.
    QVector<quint32> seeds() const;
    QString runScenario(quint32 seed);
};

void TestStateStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_desktop = std::make_unique<Desktop>(m_dir->filePath(u"inbox.sqlite"_s));
    QVERIFY2(m_desktop->isOpen(), qPrintable(m_desktop->openError()));
}

void TestStateStore::cleanup()
{
    m_desktop.reset();
    m_dir.reset();
}

void TestStateStore::schemaHasTheStateTables()
{
    for (const QString &table : {u"state_meta"_s, u"message_state"_s, u"state_watermarks"_s, u"state_outbox"_s, u"state_position"_s})
        QCOMPARE(m_desktop->scalar(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'"_s.arg(table)), 1);
}

void TestStateStore::desktopIdIsMadeOnceAndKept()
{
    StoreError error;
    const QString id = m_desktop->state().desktopId(&error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QVERIFY(!QUuid::fromString(id).isNull());
    QCOMPARE(m_desktop->state().desktopId(&error), id);
    m_desktop->crashAndRestart();
    QCOMPARE(m_desktop->state().desktopId(&error), id);
    // Another database is another desktop.
    Desktop other(m_dir->filePath(u"other.sqlite"_s));
    QVERIFY(other.state().desktopId(&error) != id);
}

void TestStateStore::appliesInLogOrder()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1), makeMessage(0, 2)}));
    const qint64 id1 = m_desktop->idOf({MessageTopic, 0, 1});
    StoreError error;
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(0));
    StateApplyResult result;
    const QVector<StateLogRecord> records{{change(StateField::Read, 0, 1, 1), 0},
                                          {change(StateField::Archived, 0, 1, 1), 1},
                                          {change(StateField::Read, 0, 1, 0), 2},
                                          {change(StateField::Read, 0, 9, 1), 3}}; // Not stored (yet).
    QVERIFY2(m_desktop->state().applyIncoming(StateTopicName, records, 4, &result, &error), qPrintable(error.text));
    QCOMPARE(result.applied, 4);
    QCOMPARE(result.skippedPending, 0);
    QCOMPARE(result.rejected, 0);
    // The last record wins: read, then unread.
    const auto states = m_desktop->states();
    QCOMPARE(states.value(u"0/1"_s), (MessageState{false, true}));
    QCOMPARE(states.value(u"0/2"_s), (MessageState{false, false}));
    // What a batch says is its net effect: read, then unread again is unread, so no notification
    // is withdrawn for it; the row changed (archived) and is re-read once.
    QCOMPARE(result.nowReadIds, QVector<qint64>{});
    QCOMPARE(result.changedIds, QVector<qint64>{id1});
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(4));
    // Another topic's position is its own.
    QCOMPARE(m_desktop->state().nextOffset(u"x.state"_s, &error), std::optional<qint64>(0));
}

void TestStateStore::recordsOutOfOrderAreRefused()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1)}));
    StoreError error;
    StateApplyResult result;
    const QVector<StateLogRecord> records{{change(StateField::Read, 0, 1, 1), 5}, {change(StateField::Read, 0, 1, 0), 3}};
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, records, 6, &result, &error));
    QCOMPARE(result.applied, 1);
    QCOMPARE(result.rejected, 1);
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
}

void TestStateStore::exactlyOnceAcrossACrash()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1)}));
    StoreError error;
    StateApplyResult result;
    const QVector<StateLogRecord> first{{change(StateField::Read, 0, 1, 1), 0}, {change(StateField::Archived, 0, 1, 1), 1}};
    const QVector<StateLogRecord> second{{change(StateField::Read, 0, 1, 0), 2}, {change(StateField::Archived, 0, 1, 0), 3}};
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, first, 2, &result, &error));
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, second, 4, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{false, false}));
    // A crash, and the transport hands the first batch again with its position: nothing happens.
    m_desktop->crashAndRestart();
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, first, 2, &result, &error));
    QCOMPARE(result.applied, 0);
    QCOMPARE(result.alreadyApplied, 2);
    QVERIFY(result.changedIds.isEmpty());
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{false, false}));
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(4));
    // A batch overlapping the position: only its new part applies.
    const QVector<StateLogRecord> overlap{second[1], {change(StateField::Read, 0, 1, 1), 4}};
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, overlap, 5, &result, &error));
    QCOMPARE(result.applied, 1);
    QCOMPARE(result.alreadyApplied, 1);
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{true, false}));
}

void TestStateStore::aFailedBatchAppliesNothing()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1)}));
    // The position cannot be written: the records must not be applied without it.
    QSqlQuery q(m_desktop->db());
    QVERIFY(q.exec(u"CREATE TRIGGER no_position BEFORE INSERT ON state_position BEGIN SELECT RAISE(ABORT, 'no'); END"_s));
    StoreError error;
    StateApplyResult result;
    QVERIFY(!m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Read, 0, 1, 1), 0}}, 1, &result, &error));
    QVERIFY(error.isError());
    QCOMPARE(result.applied, 0);
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, false);
    QCOMPARE(m_desktop->scalar(u"SELECT count(*) FROM message_state"_s), 0);
    QVERIFY(q.exec(u"DROP TRIGGER no_position"_s));
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Read, 0, 1, 1), 0}}, 1, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
}

void TestStateStore::ownChangeWinsUntilReadBack()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1)}));
    const qint64 id = m_desktop->idOf({MessageTopic, 0, 1});
    StoreError error;
    QVERIFY(m_desktop->index().setRead(id, true, &error));
    QCOMPARE(m_desktop->state().pendingCount(&error), 1);
    // Another desktop's unread, earlier in the log than ours: the replica takes it, the row does not.
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Read, 0, 1, 0), 0}}, 1, &result, &error));
    QCOMPARE(result.applied, 1);
    QCOMPARE(result.skippedPending, 1);
    QVERIFY(result.changedIds.isEmpty());
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
    QCOMPARE(m_desktop->scalar(u"SELECT read FROM message_state"_s), 0);
    // Ours comes back (later in the log): applied, no longer pending.
    SimulatedLog log; // Offset 0: the other desktop's record, applied above.
    log.append({StateRecordCodec::key(change(StateField::Read, 0, 1, 0)), StateRecordCodec::encode(change(StateField::Read, 0, 1, 0))});
    QCOMPARE(send(*m_desktop, log, 10), 1);
    QVERIFY(readToEnd(*m_desktop, log, 10));
    QCOMPARE(m_desktop->state().pendingCount(&error), 0);
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
    QCOMPARE(m_desktop->scalar(u"SELECT read FROM message_state"_s), 1);
    // Now another desktop's unread, later than ours, applies.
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Read, 0, 1, 0), 2}}, 3, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, false);
}

void TestStateStore::readBackRemovesTheOutboxRow()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1)}));
    const qint64 id = m_desktop->idOf({MessageTopic, 0, 1});
    StoreError error;
    QVERIFY(m_desktop->index().setArchived(id, true, &error));
    QVERIFY(m_desktop->index().setRead(id, true, &error));
    const QVector<QueuedStateRecord> rows = m_desktop->state().queued(10, &error);
    QCOMPARE(rows.size(), 2);
    QVERIFY(rows[0].outboxId < rows[1].outboxId); // Oldest first: the log keeps the user's order.
    const std::optional<StateChange> first = StateRecordCodec::decode(rows[0].key, rows[0].value, nullptr);
    QVERIFY(first);
    QCOMPARE(first->field, StateField::Archived);
    QCOMPARE(first->changeId, rows[0].changeId);
    QCOMPARE(first->desktopId, m_desktop->state().desktopId(&error));
    QVERIFY(m_desktop->state().markSent(rows[0].outboxId, &error));
    QCOMPARE(m_desktop->state().queued(10, &error).size(), 1); // Sent is not queued...
    QCOMPARE(m_desktop->state().pendingCount(&error), 2);     // ...but still pending.
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{*first, 0}}, 1, &result, &error));
    QCOMPARE(m_desktop->state().pendingCount(&error), 1);
    QCOMPARE(m_desktop->scalar(u"SELECT count(*) FROM state_outbox WHERE change_id = '%1'"_s.arg(rows[0].changeId)), 0);
    QVERIFY(result.changedIds.isEmpty()); // The row already showed it.
}

void TestStateStore::requeueSentSendsWhatNeverCameBack()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1), makeMessage(0, 2)}));
    StoreError error;
    QVERIFY(m_desktop->index().setRead(m_desktop->idOf({MessageTopic, 0, 1}), true, &error));
    QVERIFY(m_desktop->index().setRead(m_desktop->idOf({MessageTopic, 0, 2}), true, &error));
    SimulatedLog log;
    // Both acknowledged, but only the first reached the log the desktop reads (the other was
    // lost with a broker's unflushed data, say); then a crash.
    const QVector<QueuedStateRecord> rows = m_desktop->state().queued(10, &error);
    QCOMPARE(rows.size(), 2);
    log.append({rows[0].key, rows[0].value});
    QVERIFY(m_desktop->state().markSent(rows[0].outboxId, &error));
    QVERIFY(m_desktop->state().markSent(rows[1].outboxId, &error));
    m_desktop->crashAndRestart();
    // Start: read to the end, then requeue.
    QVERIFY(readToEnd(*m_desktop, log, 10));
    QVERIFY(m_desktop->state().queued(10, &error).isEmpty());
    QVERIFY(m_desktop->state().requeueSent(&error));
    const QVector<QueuedStateRecord> again = m_desktop->state().queued(10, &error);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again[0].changeId, rows[1].changeId);
    QCOMPARE(send(*m_desktop, log, 10), 1);
    QVERIFY(readToEnd(*m_desktop, log, 10));
    QCOMPARE(m_desktop->state().pendingCount(&error), 0);
    QCOMPARE(log.entries.size(), 2); // Each change once in the log.
}

// Issue 26: a change delivered but not read back before a quit, overwritten by another desktop's
// newer change and compacted away while this desktop was off, must not be sent again at the next
// start: it would override the newer change on every desktop.
void TestStateStore::staleChangeCompactedAwayIsDroppedNotResent()
{
    QVERIFY(m_desktop->store({makeMessage(0, 1)}));
    StoreError error;
    QVERIFY(m_desktop->index().setRead(m_desktop->idOf({MessageTopic, 0, 1}), true, &error));
    SimulatedLog log;
    const QVector<QueuedStateRecord> rows = m_desktop->state().queued(10, &error);
    QCOMPARE(rows.size(), 1);
    log.append({rows[0].key, rows[0].value});
    QVERIFY(m_desktop->state().markSent(rows[0].outboxId, &error, 0)); // Delivered at offset 0, then a quit.
    m_desktop->crashAndRestart();

    // Another desktop marks it unread (a later record, same key), and the broker compacts.
    Desktop other(m_dir->filePath(u"other.sqlite"_s));
    QVERIFY(other.store({makeMessage(0, 1)}));
    QVERIFY(readToEnd(other, log, 10));
    QVERIFY(other.index().setRead(other.idOf({MessageTopic, 0, 1}), false, &error));
    QCOMPARE(send(other, log, 10), 1);
    log = log.compacted();
    QCOMPARE(log.entries.size(), 1);

    // This desktop starts: reads to the end (its own record never comes), then requeues.
    QVERIFY(readToEnd(*m_desktop, log, 10));
    int dropped = -1;
    QVERIFY(m_desktop->state().requeueSent(&error, log.end(), &dropped));
    QCOMPARE(dropped, 1);
    QVERIFY(m_desktop->state().queued(10, &error).isEmpty());
    QCOMPARE(m_desktop->state().pendingCount(&error), 0);
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{false, false})); // The newer change holds.
}

void TestStateStore::stateBeforeTheMessage()
{
    // A new desktop reads the state topic before the messages arrive.
    StoreError error;
    StateApplyResult result;
    const QVector<StateLogRecord> records{
        {change(StateField::Read, 0, 1, 1), 0},     // 0/1 read
        {change(StateField::Archived, 0, 2, 1), 1}, // 0/2 archived
        {change(StateField::Read, 0, 3, 0), 2},     // 0/3 unread, then covered by the mark-all below: read
        {change(StateField::AllRead, 0, 5, 0, u"desk-a"_s), 3}, // 0/0..0/4 read
        {change(StateField::Read, 0, 4, 0), 4},     // 0/4 unread after the mark-all: unread
        {change(StateField::Archived, 0, 2, 0), 5}, // 0/2 archived, then not
        {change(StateField::Archived, 0, 7, 1), 6}, // 0/7 archived, above the watermark: unread
        {change(StateField::Read, 1, 0, 1), 7},     // another partition
    };
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, records, 8, &result, &error));
    QVERIFY(result.changedIds.isEmpty());
    QVector<Message> batch;
    for (int offset : {0, 1, 2, 3, 4, 5, 6, 7})
        batch << makeMessage(0, offset);
    batch << makeMessage(1, 0) << makeMessage(1, 1) << makeMessage(2, 0);
    QVERIFY(m_desktop->store(batch));
    const auto s = m_desktop->states();
    QCOMPARE(s.value(u"0/0"_s), (MessageState{true, false}));
    QCOMPARE(s.value(u"0/1"_s), (MessageState{true, false}));
    QCOMPARE(s.value(u"0/2"_s), (MessageState{true, false}));
    QCOMPARE(s.value(u"0/3"_s), (MessageState{true, false}));
    QCOMPARE(s.value(u"0/4"_s), (MessageState{false, false}));
    QCOMPARE(s.value(u"0/5"_s), (MessageState{false, false}));
    QCOMPARE(s.value(u"0/6"_s), (MessageState{false, false}));
    QCOMPARE(s.value(u"0/7"_s), (MessageState{false, true}));
    QCOMPARE(s.value(u"1/0"_s), (MessageState{true, false}));
    QCOMPARE(s.value(u"1/1"_s), (MessageState{false, false}));
    QCOMPARE(s.value(u"2/0"_s), (MessageState{false, false}));
    // The bucket counters (kept by triggers) follow.
    MessageIndex::BucketCounts counts = m_desktop->index().counts(&error);
    QCOMPARE(counts[MessageBucket::of(true, false, true)], 5);
    QCOMPARE(counts[MessageBucket::of(true, true, false)], 1);
    // Stored again (a redelivery): nothing changes.
    QVERIFY(m_desktop->store(batch));
    QCOMPARE(m_desktop->states(), s);
}

void TestStateStore::allReadThenUnread()
{
    QVERIFY(m_desktop->store({makeMessage(0, 0), makeMessage(0, 1), makeMessage(0, 2), makeMessage(1, 0)}));
    StoreError error;
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::AllRead, 0, 2, 0, u"a"_s), 0}}, 1, &result, &error));
    QCOMPARE(result.nowReadIds.size(), 2);
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Read, 0, 1, 0), 1}}, 2, &result, &error));
    const auto s = m_desktop->states();
    QCOMPARE(s.value(u"0/0"_s).read, true);
    QCOMPARE(s.value(u"0/1"_s).read, false); // Later in the log than the mark-all.
    QCOMPARE(s.value(u"0/2"_s).read, false); // Above the watermark.
    QCOMPARE(s.value(u"1/0"_s).read, false); // Another partition.
}

// The state topic deleted and created again: its offsets start at 0 again, yet every record in it
// is later than every record of the earlier topic. The replica's offsets move below 0, so a
// mark-all and an archive of the new topic win over an unread and an archive at higher offsets
// of the earlier one, for stored messages and for one stored only after.
void TestStateStore::aNewStateTopicsRecordsComeAfterTheEarlierOnes()
{
    QVERIFY(m_desktop->store({makeMessage(0, 0), makeMessage(0, 1)}));
    StoreError error;
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName,
                                             {{change(StateField::Read, 0, 0, 0), 10},
                                              {change(StateField::Archived, 0, 0, 1), 11},
                                              {change(StateField::Read, 0, 2, 0), 12}},
                                             13, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/0"_s).archived, true);
    QVERIFY2(m_desktop->state().restartTopic(StateTopicName, &error), qPrintable(error.text));
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(0));
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName,
                                             {{change(StateField::AllRead, 0, 3, 0, u"a"_s), 0},
                                              {change(StateField::Archived, 0, 0, 0), 1}},
                                             2, &result, &error));
    QVERIFY(m_desktop->store({makeMessage(0, 2)})); // Its unread record is the earlier topic's.
    const auto s = m_desktop->states();
    QCOMPARE(s.value(u"0/0"_s).read, true);
    QCOMPARE(s.value(u"0/0"_s).archived, false);
    QCOMPARE(s.value(u"0/1"_s).read, true);
    QCOMPARE(s.value(u"0/2"_s).read, true);
}

void TestStateStore::unreadThenAllRead()
{
    QVERIFY(m_desktop->store({makeMessage(0, 0), makeMessage(0, 1)}));
    StoreError error;
    StateApplyResult result;
    const QVector<StateLogRecord> records{{change(StateField::Read, 0, 1, 1), 0},
                                          {change(StateField::Read, 0, 1, 0), 1},
                                          {change(StateField::AllRead, 0, 2, 0, u"a"_s), 2}};
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, records, 3, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
    QCOMPARE(m_desktop->states().value(u"0/0"_s).read, true);
    // A later, lower watermark of another desktop does not undo anything.
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::AllRead, 0, 1, 0, u"b"_s), 3}}, 4, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
}

void TestStateStore::pendingAllReadProtectsReadState()
{
    QVERIFY(m_desktop->store({makeMessage(0, 0), makeMessage(0, 1), makeMessage(0, 2)}));
    StoreError error;
    const MessageIndex::Snapshot snap = m_desktop->index().snapshot(&error);
    QCOMPARE(m_desktop->index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), snap.maxId, &error), 3);
    QCOMPARE(m_desktop->state().pendingCount(&error), 1);
    // Another desktop's unread of 0/1, earlier than our mark-all: the row stays read.
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Read, 0, 1, 0), 0}}, 1, &result, &error));
    QCOMPARE(result.skippedPending, 1);
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
    // Our mark-all comes back: still read, no longer pending.
    SimulatedLog log;
    log.append({StateRecordCodec::key(change(StateField::Read, 0, 1, 0)), StateRecordCodec::encode(change(StateField::Read, 0, 1, 0))});
    QCOMPARE(send(*m_desktop, log, 10), 1);
    QVERIFY(readToEnd(*m_desktop, log, 10));
    QCOMPARE(m_desktop->states().value(u"0/1"_s).read, true);
    QCOMPARE(m_desktop->state().pendingCount(&error), 0);
}

void TestStateStore::localActionsAreJournaled()
{
    QVector<Message> batch;
    for (int i = 0; i < 6; ++i)
        batch << makeMessage(i % 2, i);
    QVERIFY(m_desktop->store(batch));
    auto id = [&](int i) { return m_desktop->idOf({MessageTopic, i % 2, i}); };
    StoreError error;
    const QString me = m_desktop->state().desktopId(&error);
    QVERIFY(m_desktop->index().setRead(id(0), true, &error));
    QVERIFY(m_desktop->index().setRead(id(0), true, &error)); // No change: nothing to tell.
    QVERIFY(m_desktop->index().setArchived(id(1), true, &error));
    QCOMPARE(m_desktop->index().markIdsRead({id(0), id(2), id(3)}, &error), 2);
    // Created 00:00 + offset minutes: before 00:05 are offsets 0-4; 0, 2 and 3 are read already.
    QCOMPARE(m_desktop->index().markReadBefore(QDateTime(QDate(2026, 1, 1), QTime(0, 4, 30), Qt::UTC).toMSecsSinceEpoch(), &error), 2);
    QCOMPARE(m_desktop->index().markIdsRead({id(4)}, &error), 0);
    const QVector<QueuedStateRecord> rows = m_desktop->state().queued(100, &error);
    QStringList got;
    for (const QueuedStateRecord &r : rows) {
        QString why;
        const std::optional<StateChange> c = StateRecordCodec::decode(r.key, r.value, &why);
        QVERIFY2(c, qPrintable(why));
        QCOMPARE(c->desktopId, me);
        QVERIFY(c->madeAtMs > 0);
        got << u"%1 %2/%3=%4"_s.arg(stateFieldName(c->field)).arg(c->message.partition).arg(c->message.offset).arg(c->value);
    }
    QCOMPARE(got, (QStringList{u"read 0/0=1"_s, u"archived 1/1=1"_s, u"read 0/2=1"_s, u"read 1/3=1"_s,
                               u"read 1/1=1"_s, u"read 0/4=1"_s}));
    // A failed change journals nothing (one transaction).
    QSqlQuery q(m_desktop->db());
    QVERIFY(q.exec(u"CREATE TRIGGER no_archive BEFORE UPDATE OF is_archived ON messages BEGIN SELECT RAISE(ABORT, 'no'); END"_s));
    QVERIFY(!m_desktop->index().setArchived(id(5), true, &error));
    QCOMPARE(m_desktop->state().pendingCount(&error), 6);
    // And a journal that cannot be written leaves the row alone.
    QVERIFY(q.exec(u"CREATE TRIGGER no_journal BEFORE INSERT ON state_outbox BEGIN SELECT RAISE(ABORT, 'no'); END"_s));
    QVERIFY(!m_desktop->index().setRead(id(5), true, &error));
    QCOMPARE(m_desktop->states().value(u"1/5"_s).read, false);
}

void TestStateStore::snoozeIsJournaledAndAppliedByItsTime()
{
    QVERIFY(m_desktop->store({makeMessage(0, 0), makeMessage(0, 1)}));
    const qint64 id0 = m_desktop->idOf({MessageTopic, 0, 0});
    StoreError error;
    QVERIFY(m_desktop->index().setRead(id0, true, &error));
    QVERIFY(m_desktop->index().setArchived(id0, true, &error));
    QVERIFY(m_desktop->index().setSnoozed(id0, FarAhead, &error));
    QStringList got;
    for (const QueuedStateRecord &r : m_desktop->state().queued(100, &error)) {
        const std::optional<StateChange> c = StateRecordCodec::decode(r.key, r.value, nullptr);
        QVERIFY(c);
        got << u"%1=%2"_s.arg(stateFieldName(c->field)).arg(c->value);
    }
    // Snoozing: out of the archive (the later snoozed record decides the place), unread.
    QCOMPARE(got, (QStringList{u"read=1"_s, u"archived=1"_s, u"archived=0"_s, u"snoozed=%1"_s.arg(FarAhead), u"read=0"_s}));
    QCOMPARE(m_desktop->states().value(u"0/0"_s), (MessageState{false, false, FarAhead}));

    // Another desktop's records: a snooze still ahead puts the message in Snoozed; one whose
    // time has passed is over already (in the inbox, not snoozed); archiving after a snooze ends it.
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Snoozed, 0, 1, FarAhead), 0}}, 1, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{false, false, FarAhead}));
    QCOMPARE(result.changedIds.size(), 1);
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Archived, 0, 1, 1), 1}}, 2, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{false, true, 0}));
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Snoozed, 0, 1, LongAgo), 2}}, 3, &result, &error));
    QCOMPARE(m_desktop->states().value(u"0/1"_s), (MessageState{false, false, 0}));
    // Stored after its records: the same place.
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {{change(StateField::Snoozed, 0, 7, FarAhead), 3},
                                                               {change(StateField::Archived, 0, 8, 1), 4},
                                                               {change(StateField::Snoozed, 0, 8, FarAhead), 5},
                                                               {change(StateField::Snoozed, 0, 9, FarAhead), 6},
                                                               {change(StateField::Archived, 0, 9, 1), 7}},
                                             8, &result, &error));
    QVERIFY(m_desktop->store({makeMessage(0, 7), makeMessage(0, 8), makeMessage(0, 9)}));
    QCOMPARE(m_desktop->states().value(u"0/7"_s), (MessageState{false, false, FarAhead}));
    QCOMPARE(m_desktop->states().value(u"0/8"_s), (MessageState{false, false, FarAhead}));
    QCOMPARE(m_desktop->states().value(u"0/9"_s), (MessageState{false, true, 0}));
    const MessageIndex::BucketCounts counts = m_desktop->index().counts(&error);
    QCOMPARE(counts[MessageBucket::of(true, Placement::Snoozed, false)], 3); // 0/0, 0/7, 0/8
}

void TestStateStore::aCallersTransactionHoldsTheJournalToo()
{
    QVERIFY(m_desktop->store({makeMessage(0, 0), makeMessage(0, 1)}));
    StoreError error;
    // Rolled back by the caller: neither the rows nor the journal keep anything.
    QVERIFY(m_desktop->db().transaction());
    QVERIFY(m_desktop->index().setRead(m_desktop->idOf({MessageTopic, 0, 0}), true, &error));
    QVERIFY(m_desktop->index().setSnoozed(m_desktop->idOf({MessageTopic, 0, 1}), FarAhead, &error));
    QCOMPARE(m_desktop->state().pendingCount(&error), 4);
    QVERIFY(m_desktop->db().rollback());
    QCOMPARE(m_desktop->state().pendingCount(&error), 0);
    QCOMPARE(m_desktop->states().value(u"0/0"_s).read, false);
    // Committed by the caller: both.
    QVERIFY(m_desktop->db().transaction());
    QVERIFY(m_desktop->index().setRead(m_desktop->idOf({MessageTopic, 0, 0}), true, &error));
    QVERIFY(m_desktop->db().commit());
    QCOMPARE(m_desktop->state().pendingCount(&error), 1);
    QCOMPARE(m_desktop->states().value(u"0/0"_s).read, true);
}

void TestStateStore::markAllReadWatermarkOnlyGrows()
{
    QVERIFY(m_desktop->store({makeMessage(0, 3), makeMessage(0, 8), makeMessage(1, 2)}));
    StoreError error;
    const qint64 maxId = m_desktop->index().snapshot(&error).maxId;
    QCOMPARE(m_desktop->index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), maxId, &error), 3);
    auto watermarks = [&]() {
        QStringList out;
        QSqlQuery q(m_desktop->db());
        q.exec(u"SELECT msg_partition, msg_offset FROM state_outbox WHERE field = 'all-read' ORDER BY id"_s);
        while (q.next())
            out << u"%1:%2"_s.arg(q.value(0).toInt()).arg(q.value(1).toLongLong());
        return out;
    };
    QCOMPARE(watermarks(), (QStringList{u"0:9"_s, u"1:3"_s}));
    // Nothing unread: nothing to say.
    QCOMPARE(m_desktop->index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), maxId, &error), 0);
    QCOMPARE(watermarks().size(), 2);
    // A message below the watermark arrives late and is marked unread, then mark-all: the
    // watermark stays 9 (never lower than this desktop's previous one), as the last record of its key.
    QVERIFY(m_desktop->store({makeMessage(0, 5)}));
    QCOMPARE(m_desktop->states().value(u"0/5"_s).read, true); // Our mark-all (pending) covers it.
    QVERIFY(m_desktop->index().setRead(m_desktop->idOf({MessageTopic, 0, 5}), false, &error));
    QCOMPARE(m_desktop->index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), maxId + 1, &error), 1);
    QCOMPARE(watermarks(), (QStringList{u"0:9"_s, u"1:3"_s, u"0:9"_s}));
}

// Issue 26: a newest-first catch-up has stored the newest records and not yet the backlog below
// them. Mark All as Read says what the person saw: the watermark stops at the first offset not read
// yet, the newest records above it are marked one by one, and the backlog arrives unread.
void TestStateStore::markAllReadDuringANewestFirstCatchUpCoversOnlyWhatWasSeen()
{
    auto storeRange = [&](qint64 first, qint64 end) {
        IngestBatch b;
        for (qint64 o = first; o < end; ++o)
            b.messages.append(makeMessage(0, o));
        b.covered.append({MessageTopic, 0, first, end});
        BatchResult result;
        StoreError error;
        return m_desktop->messages().writeBatch(b, &result, &error);
    };
    QVERIFY(storeRange(0, 100));   // Read before.
    QVERIFY(storeRange(300, 310)); // The newest records of a catch-up; 100..299 not read yet.
    StoreError error;
    const qint64 maxId = m_desktop->index().snapshot(&error).maxId;
    QCOMPARE(m_desktop->index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), maxId, &error), 110);
    QCOMPARE(m_desktop->scalar(u"SELECT group_concat(msg_offset) FROM state_outbox WHERE field = 'all-read'"_s), 100);
    QCOMPARE(m_desktop->scalar(u"SELECT count(*) FROM state_outbox WHERE field = 'read' AND msg_offset >= 300"_s), 10);
    QVERIFY(storeRange(100, 300)); // The backlog arrives: not seen, so unread.
    QCOMPARE(m_desktop->scalar(u"SELECT count(*) FROM messages WHERE is_read = 0"_s), 200);
    QCOMPARE(m_desktop->scalar(u"SELECT count(*) FROM messages WHERE is_read = 0 AND kafka_offset BETWEEN 100 AND 299"_s), 200);
}

// Issue 26: a record of a later version (a field kind this build does not know) is skipped but
// remembered; a build that knows more kinds reads the log again from it, in log order.
void TestStateStore::recordsOfALaterVersionAreReadAgainByIt()
{
    bool newer = false;
    QString why;
    const QByteArray value = R"({"ns-state": {"field": "starred", "topic": "t", "partition": 0, "offset": 1, "value": 1,)"
                             R"( "desktop": "d", "change": "c", "made_at": 0}})";
    QVERIFY(!StateRecordCodec::decode("starred/t/0/1", value, &why, &newer));
    QVERIFY(newer);
    QVERIFY(!StateRecordCodec::decode("read/t/0/1", "{}", &why, &newer));
    QVERIFY(!newer); // Garbage is not a later version.

    StoreError error;
    StateApplyResult result;
    QVERIFY(m_desktop->state().applyIncoming(StateTopicName, {}, 40, &result, &error));
    QVERIFY(m_desktop->state().rememberSkippedNewer(StateTopicName, 12, &error));
    QVERIFY(m_desktop->state().rememberSkippedNewer(StateTopicName, 30, &error)); // The lowest stays.
    // Skipped by this very build: nothing it could read better.
    QVERIFY(!m_desktop->state().rewindForSkippedNewer(StateTopicName, &error));
    QVERIFY(!error.isError());
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(40));
    // Skipped by an earlier build that knew fewer kinds: read again from the first one, once.
    QSqlQuery q(m_desktop->db());
    QVERIFY(q.exec(u"UPDATE state_meta SET value = '12:%1' WHERE name LIKE 'skipped-newer:%%'"_s
                       .arg(StateRecordCodec::KnownKindsVersion - 1)));
    QCOMPARE(m_desktop->state().rewindForSkippedNewer(StateTopicName, &error), std::optional<qint64>(12));
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(12));
    QVERIFY(!m_desktop->state().rewindForSkippedNewer(StateTopicName, &error));
}

namespace {

// A desktop's saved searches as the tests compare them: "position uuid name | query", in list order.
QStringList savedSearches(Desktop &d)
{
    StoreError error;
    QStringList out;
    for (const SavedSearch &s : SavedSearchStore(d.db()).list(&error))
        out << u"%1 %2 %3 | %4"_s.arg(s.position).arg(s.uuid, s.name, s.query);
    if (error.isError())
        out << u"error: "_s + error.text;
    return out;
}

qint64 savedSearchId(Desktop &d, const QString &name)
{
    StoreError error;
    for (const SavedSearch &s : SavedSearchStore(d.db()).list(&error)) {
        if (s.name == name)
            return s.id;
    }
    return 0;
}

} // namespace

// Every change of a saved search (save, rename, edit, move, delete) queues, in its transaction,
// a record per saved search it touched, with the search as it now is.
void TestStateStore::savedSearchesAreJournaled()
{
    SavedSearchStore searches(m_desktop->db());
    StoreError error;
    const SavedSearch a = searches.add(u"Billing"_s, u"from:billing"_s, &error);
    const SavedSearch b = searches.add(u"Ops"_s, u"from:ops"_s, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QVERIFY(searches.rename(a.id, u"Bills"_s, &error));
    QVERIFY(searches.setQuery(a.id, u"from:billing is:unread"_s, &error));
    QVERIFY(searches.move(b.id, 0, &error)); // Both move: two records.
    QVERIFY(searches.remove(b.id, &error));  // Its deletion, and Bills moving up: two records.
    const QVector<QueuedStateRecord> rows = m_desktop->state().queued(100, &error);
    QStringList seen;
    for (const QueuedStateRecord &r : rows) {
        QString why;
        const std::optional<StateChange> c = StateRecordCodec::decode(r.key, r.value, &why);
        QVERIFY2(c, qPrintable(why));
        QCOMPARE(c->field, StateField::SavedSearch);
        QCOMPARE(c->changeId, r.changeId);
        const SavedSearchState &s = c->savedSearch;
        seen << u"%1 %2 %3 %4%5"_s.arg(s.uuid == a.uuid ? u"a"_s : u"b"_s, s.name, s.query).arg(s.position)
                    .arg(s.deleted ? u" deleted"_s : QString());
    }
    QCOMPARE(seen, (QStringList{u"a Billing from:billing 0"_s, u"b Ops from:ops 1"_s, u"a Bills from:billing 0"_s,
                                u"a Bills from:billing is:unread 0"_s, u"b Ops from:ops 0"_s, u"a Bills from:billing is:unread 1"_s,
                                u"b Ops from:ops 0 deleted"_s, u"a Bills from:billing is:unread 0"_s}));
    // A change that fails writes no record: nothing half done goes to the other desktops.
    QVERIFY(!searches.rename(9999, u"x"_s, &error));
    QCOMPARE(m_desktop->state().queued(100, &error).size(), rows.size());
    // One whose record every desktop would refuse (past StateRecordCodec::MaxValueSize) is refused
    // here, and nothing of it is written.
    const QString huge = u"subject:\"%1\""_s.arg(QString(20000, u'x'));
    QCOMPARE(searches.add(u"Huge"_s, huge, &error).id, 0);
    QVERIFY(error.text.contains(u"must fit in"_s));
    QVERIFY(!searches.setQuery(a.id, huge, &error));
    QCOMPARE(searches.list(&error).size(), 1);
    QCOMPARE(searches.list(&error).constFirst().query, u"from:billing is:unread"_s);
    QCOMPARE(m_desktop->state().queued(100, &error).size(), rows.size());
}

// Two desktops and the log: saved on A, B has it; B renames and edits it and deletes another, A
// follows; both edit one search at once: the later in the log wins on both, also on A, whose own
// edit was the earlier; a desktop rebuilt from the compacted log (deletions kept as records) agrees.
void TestStateStore::savedSearchesFollowInLogOrder()
{
    Desktop &a = *m_desktop;
    Desktop b(m_dir->filePath(u"b.sqlite"_s));
    SimulatedLog log;
    StoreError error;
    SavedSearchStore onA(a.db()), onB(b.db());
    QVERIFY(onA.add(u"Billing"_s, u"from:billing"_s, &error).id);
    QVERIFY(onA.add(u"Ops"_s, u"from:ops"_s, &error).id);
    QCOMPARE(send(a, log, 100), 2);
    StateApplyResult result;
    QVERIFY(readToEnd(b, log, 100, &result));
    QCOMPARE(savedSearches(b), savedSearches(a));
    QCOMPARE(savedSearches(b).size(), 2);
    QVERIFY(readToEnd(a, log, 100)); // A reads its own back: nothing pending, nothing changed.
    QCOMPARE(a.state().pendingCount(&error), 0);

    // B renames and edits Billing, deletes Ops; A follows.
    QVERIFY(onB.rename(savedSearchId(b, u"Billing"_s), u"Bills"_s, &error));
    QVERIFY(onB.setQuery(savedSearchId(b, u"Bills"_s), u"from:billing is:unread"_s, &error));
    QVERIFY(onB.remove(savedSearchId(b, u"Ops"_s), &error));
    QVERIFY(send(b, log, 100) > 0);
    StateApplyResult applied;
    StoreError applyError;
    qint64 next = 0;
    const std::optional<qint64> from = a.state().nextOffset(StateTopicName, &applyError);
    QVERIFY(from);
    QVERIFY(a.state().applyIncoming(StateTopicName, log.read(*from, 100, &next), next, &applied, &applyError));
    QVERIFY(applied.savedSearchesChanged); // The window reads the list again.
    QCOMPARE(savedSearches(a).size(), 1);
    QVERIFY(savedSearches(a).constFirst().endsWith(u" Bills | from:billing is:unread"_s));
    QCOMPARE(savedSearches(a), savedSearches(b));
    // Read again (a batch applied twice): nothing changes.
    QVERIFY(a.state().applyIncoming(StateTopicName, log.read(*from, 100, &next), next, &applied, &applyError));
    QVERIFY(!applied.savedSearchesChanged);

    // Both rename it before seeing the other's: A's record first in the log, then B's.
    QVERIFY(onA.rename(savedSearchId(a, u"Bills"_s), u"Named on A"_s, &error));
    QVERIFY(onB.rename(savedSearchId(b, u"Bills"_s), u"Named on B"_s, &error));
    QCOMPARE(send(a, log, 100), 1);
    QCOMPARE(send(b, log, 100), 1);
    QVERIFY(readToEnd(a, log, 100));
    QVERIFY(readToEnd(b, log, 100));
    QVERIFY(savedSearches(a).constFirst().contains(u" Named on B |"_s));
    QCOMPARE(savedSearches(a), savedSearches(b));

    // A desktop rebuilt from the compacted log: Ops's deletion is a record compaction keeps.
    const SimulatedLog compacted = log.compacted();
    QVERIFY(compacted.entries.size() < log.entries.size());
    Desktop c(m_dir->filePath(u"c.sqlite"_s));
    QVERIFY(readToEnd(c, compacted, 100));
    QCOMPARE(savedSearches(c), savedSearches(a));
    // ...and one that read the log before compaction, up to Ops's save only, then the compacted
    // rest: the deletion still reaches it.
    Desktop d(m_dir->filePath(u"d.sqlite"_s));
    SimulatedLog firstTwo;
    firstTwo.append(log.entries[0]);
    firstTwo.append(log.entries[1]);
    QVERIFY(readToEnd(d, firstTwo, 100));
    QCOMPARE(savedSearches(d).size(), 2);
    QVERIFY(readToEnd(d, compacted, 100));
    QCOMPARE(savedSearches(d), savedSearches(a));
}

// Two desktops each save one before seeing the other's: both at position 0. Every desktop orders
// the two the same way (by uuid), not by the local row ids, which differ.
void TestStateStore::savedSearchesAddedAtOnceOrderTheSame()
{
    Desktop &a = *m_desktop;
    Desktop b(m_dir->filePath(u"b.sqlite"_s));
    SimulatedLog log;
    StoreError error;
    QVERIFY(SavedSearchStore(a.db()).add(u"On A"_s, u"from:a"_s, &error).id);
    QVERIFY(SavedSearchStore(b.db()).add(u"On B"_s, u"from:b"_s, &error).id);
    QCOMPARE(send(a, log, 100), 1);
    QCOMPARE(send(b, log, 100), 1);
    QVERIFY(readToEnd(a, log, 100));
    QVERIFY(readToEnd(b, log, 100));
    QCOMPARE(savedSearches(a).size(), 2);
    QCOMPARE(savedSearches(a), savedSearches(b));
    // The next move on either puts them back at 0..n-1, and the other follows.
    QVERIFY(SavedSearchStore(b.db()).move(savedSearchId(b, u"On A"_s), 1, &error));
    QVERIFY(send(b, log, 100) > 0);
    QVERIFY(readToEnd(a, log, 100));
    QVERIFY(readToEnd(b, log, 100));
    QVERIFY(savedSearches(a).constFirst().startsWith(u"0 "_s));
    QVERIFY(savedSearches(a).constLast().startsWith(u"1 "_s));
    QVERIFY(savedSearches(a).constLast().endsWith(u"On A | from:a"_s));
    QCOMPARE(savedSearches(a), savedSearches(b));
}

void TestStateStore::markAllReadOfAMillionIsAFewRecords()
{
    // A million unread messages over three partitions, made by SQL in one statement.
    const int total = qEnvironmentVariableIntValue("NS_STATE_LARGE") > 0 ? qEnvironmentVariableIntValue("NS_STATE_LARGE") : 1'000'000;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery q(m_desktop->db());
    QVERIFY(m_desktop->db().transaction());
    QVERIFY2(q.exec(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %1)"
                    " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
                    " received_date) SELECT 'u' || i, 'Subject ' || i, 'body', 1700000000000 + i, '%2', i % 3, i / 3, 0 FROM n"_s
                        .arg(total)
                        .arg(MessageTopic)),
             qPrintable(q.lastError().text()));
    QVERIFY(m_desktop->db().commit());
    qInfo("%d messages made in %lld ms", total, timer.restart());
    StoreError error;
    const MessageIndex::Snapshot snap = m_desktop->index().snapshot(&error);
    QCOMPARE(MessageIndex::unreadIn(snap.counts), total);
    const qint64 changed = m_desktop->index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), snap.maxId, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    qInfo("mark all as read of %d messages: %lld ms", total, timer.restart());
    QCOMPARE(changed, total);
    QCOMPARE(m_desktop->index().unreadCount(&error), 0);
    // Three records, one per partition, watermark one past each partition's last offset.
    const QVector<QueuedStateRecord> rows = m_desktop->state().queued(100, &error);
    QCOMPARE(rows.size(), 3);
    qint64 bytes = 0;
    QMap<int, qint64> watermarks;
    for (const QueuedStateRecord &r : rows) {
        const std::optional<StateChange> c = StateRecordCodec::decode(r.key, r.value, nullptr);
        QVERIFY(c);
        QCOMPARE(c->field, StateField::AllRead);
        watermarks.insert(c->message.partition, c->message.offset);
        bytes += r.key.size() + r.value.size();
    }
    const qint64 perPartition = (total + 2) / 3;
    QCOMPARE(watermarks, (QMap<int, qint64>{{0, perPartition}, {1, (total + 1) / 3}, {2, total / 3}}));
    qInfo("state topic bytes for it: %lld in %d records", bytes, int(rows.size()));
    // Another desktop reading them marks its million read with the same three records.
    Desktop other(m_dir->filePath(u"other.sqlite"_s));
    QSqlQuery o(other.db());
    QVERIFY(other.db().transaction());
    QVERIFY(o.exec(u"ATTACH DATABASE '%1' AS first"_s.arg(m_dir->filePath(u"inbox.sqlite"_s))));
    QVERIFY(o.exec(u"INSERT INTO main.messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
                   " received_date) SELECT uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset, 0"
                   " FROM first.messages"_s));
    QVERIFY(other.db().commit());
    QVERIFY(o.exec(u"DETACH DATABASE first"_s));
    SimulatedLog log;
    QCOMPARE(send(*m_desktop, log, 100), 3);
    timer.restart();
    StateApplyResult result;
    QVERIFY(readToEnd(other, log, 100, &result));
    qInfo("applying them on another desktop: %lld ms", timer.elapsed());
    QCOMPARE(other.index().unreadCount(&error), 0);
    QCOMPARE(result.nowReadIds.size(), total);
}

void TestStateStore::catchUpOfManyRecords()
{
    // A desktop away while another archived 10,000 messages and read them: 20,000 records, read
    // in batches of 500 as the transport reads them; half the messages are stored before.
    const int n = 10'000;
    QVector<Message> first, second;
    for (int i = 0; i < n; ++i)
        (i % 2 ? second : first) << makeMessage(i % 4, i / 4);
    QVERIFY(m_desktop->store(first));
    SimulatedLog log;
    for (int i = 0; i < n; ++i) {
        const StateChange a = change(StateField::Archived, i % 4, i / 4, 1);
        const StateChange r = change(StateField::Read, i % 4, i / 4, 1);
        log.append({StateRecordCodec::key(a), StateRecordCodec::encode(a)});
        log.append({StateRecordCodec::key(r), StateRecordCodec::encode(r)});
    }
    QElapsedTimer timer;
    timer.start();
    StateApplyResult all;
    QVERIFY(readToEnd(*m_desktop, log, 500, &all));
    const qint64 ms = std::max<qint64>(1, timer.elapsed());
    qInfo("%d records applied in %lld ms (%lld records/s)", int(log.entries.size()), ms, log.entries.size() * 1000 / ms);
    QCOMPARE(all.applied, 2 * n);
    QCOMPARE(all.nowReadIds.size(), n / 2);
    QVERIFY(m_desktop->store(second));
    StoreError error;
    const MessageIndex::BucketCounts counts = m_desktop->index().counts(&error);
    QCOMPARE(counts[MessageBucket::of(true, true, true)], n);
    QCOMPARE(m_desktop->state().nextOffset(StateTopicName, &error), std::optional<qint64>(2 * n));
}

QVector<quint32> TestStateStore::seeds() const
{
    if (qEnvironmentVariableIsSet("NS_STATE_SEED"))
        return {quint32(qEnvironmentVariableIntValue("NS_STATE_SEED"))};
    const int n = qEnvironmentVariableIsSet("NS_STATE_SEEDS") ? qEnvironmentVariableIntValue("NS_STATE_SEEDS") : 200;
    QVector<quint32> out;
    for (int i = 1; i <= n; ++i)
        out.append(quint32(i));
    return out;
}

void TestStateStore::threeDesktopsConverge()
{
    for (quint32 seed : seeds()) {
        const QString failure = runScenario(seed);
        if (!failure.isEmpty())
            QFAIL(qPrintable(u"seed %1 (run it alone: NS_STATE_SEED=%1): %2"_s.arg(seed).arg(failure)));
    }
}

// One random history: three desktops sharing a message topic of 3 partitions x 8 messages and
// one simulated state topic. Returns what went wrong, empty when every desktop agrees with the log.
QString TestStateStore::runScenario(quint32 seed)
{
    QRandomGenerator rng(seed);
    QTemporaryDir dir;
    QVector<Message> all;
    for (int p = 0; p < 3; ++p) {
        for (int o = 0; o < 8; ++o)
            all << makeMessage(p, o);
    }
    SimulatedLog log;
    std::vector<std::unique_ptr<Desktop>> desktops;
    QVector<bool> started(3, false); // Read to the end and requeued since the last (re)start.
    QVector<QSet<int>> stored(3);
    for (int d = 0; d < 3; ++d) {
        // Mark All as Read in slices of two offsets (of eight a partition), interleaved at random
        // with the records read after it: log order must still decide.
        desktops.push_back(std::make_unique<Desktop>(dir.filePath(u"desktop%1.sqlite"_s.arg(d)), 2));
        if (!desktops.back()->isOpen())
            return desktops.back()->openError();
    }
    QStringList history; // What happened, printed on failure.
    StoreError error;

    auto ingest = [&](int d, int count) {
        QVector<Message> batch;
        QVector<int> missing;
        for (int i = 0; i < all.size(); ++i) {
            if (!stored[d].contains(i))
                missing << i;
        }
        while (batch.size() < count && !missing.isEmpty()) {
            const int i = missing.takeAt(rng.bounded(int(missing.size())));
            batch << all[i];
            stored[d].insert(i);
        }
        return desktops[size_t(d)]->store(batch);
    };
    auto startUp = [&](int d) {
        Desktop &desk = *desktops[size_t(d)];
        if (!readToEnd(desk, log, 1 + rng.bounded(6)) || !desk.state().requeueSent(&error))
            return false;
        started[d] = true;
        return true;
    };
    auto randomStoredId = [&](int d) -> qint64 {
        if (stored[d].isEmpty())
            return 0;
        const QList<int> list = stored[d].values();
        const Message &m = all[list[rng.bounded(int(list.size()))]];
        return desktops[size_t(d)]->idOf({m.kafkaTopic, m.kafkaPartition, m.kafkaOffset});
    };

    const int steps = 40 + int(rng.bounded(40));
    for (int step = 0; step < steps; ++step) {
        const int d = int(rng.bounded(3));
        Desktop &desk = *desktops[size_t(d)];
        const int action = int(rng.bounded(100));
        bool ok = true;
        QString what;
        if (action < 12) {
            what = u"ingest"_s;
            ok = ingest(d, 1 + int(rng.bounded(6)));
        } else if (action < 27) {
            what = u"read log"_s;
            StoreError e;
            const std::optional<qint64> from = desk.state().nextOffset(StateTopicName, &e);
            qint64 next = 0;
            StateApplyResult result;
            ok = from && desk.state().applyIncoming(StateTopicName, log.read(*from, 1 + int(rng.bounded(5)), &next), next, &result, &e)
                && applyWatermarkSlices(desk, int(rng.bounded(3)));
        } else if (action < 37) {
            what = u"send"_s;
            ok = (started[d] || startUp(d)) && send(desk, log, 1 + int(rng.bounded(3))) >= 0;
        } else if (action < 40) {
            what = u"send, crash before the acknowledgement is stored"_s;
            if (started[d] || startUp(d)) {
                const QVector<QueuedStateRecord> rows = desk.state().queued(1, &error);
                if (!rows.isEmpty())
                    log.append({rows[0].key, rows[0].value});
                desk.crashAndRestart();
                started[d] = false;
            }
        } else if (action < 45) {
            what = u"crash"_s;
            desk.crashAndRestart();
            started[d] = false;
        } else if (action < 62) {
            const qint64 id = randomStoredId(d);
            const bool read = rng.bounded(3) != 0;
            what = u"set read %1 = %2"_s.arg(id).arg(read);
            ok = id == 0 || desk.index().setRead(id, read, &error);
        } else if (action < 77) {
            const qint64 id = randomStoredId(d);
            const bool archived = rng.bounded(2) != 0;
            what = u"set archived %1 = %2"_s.arg(id).arg(archived);
            ok = id == 0 || desk.index().setArchived(id, archived, &error);
        } else if (action < 84) {
            what = u"mark all as read"_s;
            const MessageIndex::Snapshot snap = desk.index().snapshot(&error);
            ok = desk.index().markBucketsRead(MessageBucket::of(InboxFilter::Inbox), snap.maxId, &error) >= 0;
        } else if (action < 87) {
            what = u"mark ids read"_s;
            ok = desk.index().markIdsRead({randomStoredId(d), randomStoredId(d)}, &error) >= 0;
        } else if (action < 95) {
            const qint64 id = randomStoredId(d);
            const int kind = int(rng.bounded(4));
            const qint64 until = kind == 0 ? 0 : (kind == 1 ? LongAgo + rng.bounded(1000) : FarAhead + rng.bounded(1000));
            what = u"snooze %1 until %2"_s.arg(id).arg(until);
            ok = id == 0 || desk.index().setSnoozed(id, until, &error);
        } else if (action < 97) {
            what = u"wake what is due"_s;
            QVector<qint64> woken;
            ok = desk.index().wakeDue(QDateTime::currentMSecsSinceEpoch(), &woken, &error);
        } else {
            const qint64 id = randomStoredId(d);
            what = u"set unread %1"_s.arg(id);
            ok = id == 0 || desk.index().setRead(id, false, &error);
        }
        history << u"%1: desktop %2 %3 (log %4)"_s.arg(step).arg(d).arg(what).arg(log.end());
        if (!ok)
            return u"step failed: %1: %2"_s.arg(history.last(), error.text);
        if (const QString violation = pendingRuleViolation(desk); !violation.isEmpty())
            return u"after %1: %2\nhistory:\n%3"_s.arg(history.last(), violation, history.join(u'\n'));
    }

    // The end: every desktop stores every message, starts, sends and reads until nothing is pending.
    for (int d = 0; d < 3; ++d) {
        if (!ingest(d, int(all.size())))
            return u"final ingest failed"_s;
    }
    for (int round = 0;; ++round) {
        qint64 pending = 0;
        for (int d = 0; d < 3; ++d) {
            Desktop &desk = *desktops[size_t(d)];
            if ((!started[d] && !startUp(d)) || send(desk, log, 1000) < 0)
                return u"final send failed"_s;
        }
        for (int d = 0; d < 3; ++d) {
            if (!readToEnd(*desktops[size_t(d)], log, 1 + int(rng.bounded(8))))
                return u"final read failed"_s;
            pending += desktops[size_t(d)]->state().pendingCount(&error);
        }
        if (pending == 0)
            break;
        if (round > 3)
            return u"changes still pending after reading everything back"_s;
    }

    // The app's timer wakes what is due (a snooze of this desktop, or one applied before its time).
    for (int d = 0; d < 3; ++d) {
        QVector<qint64> woken;
        if (!desktops[size_t(d)]->index().wakeDue(QDateTime::currentMSecsSinceEpoch(), &woken, &error))
            return u"wake failed: %1"_s.arg(error.text);
    }
    const QMap<QString, MessageState> expected = expectedFrom(log, all);
    auto compare = [&](const QString &who, const QMap<QString, MessageState> &got) -> QString {
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            if (got.value(it.key()) != *it)
                return u"%1: message %2 is %3, the log says %4"_s.arg(who, it.key(), describe(got.value(it.key())), describe(*it));
        }
        return got.size() == expected.size() ? QString() : u"%1 stores %2 messages"_s.arg(who).arg(got.size());
    };
    QString failure;
    for (int d = 0; d < 3 && failure.isEmpty(); ++d)
        failure = compare(u"desktop %1"_s.arg(d), desktops[size_t(d)]->states());
    for (int d = 1; d < 3 && failure.isEmpty(); ++d) {
        if (desktops[size_t(d)]->states() != desktops[0]->states())
            failure = u"desktop %1 differs from desktop 0"_s.arg(d);
    }

    // A fourth desktop from the compacted topic: some messages first, the state, then the rest.
    if (failure.isEmpty()) {
        const SimulatedLog compacted = log.compacted();
        Desktop fresh(dir.filePath(u"fresh.sqlite"_s));
        QVector<Message> early, late;
        for (const Message &m : all)
            (rng.bounded(2) ? early : late) << m;
        if (!fresh.store(early) || !readToEnd(fresh, compacted, 1 + int(rng.bounded(8))) || !fresh.store(late))
            return u"the fresh desktop failed"_s;
        failure = compare(u"the desktop rebuilt from the compacted log (%1 of %2 records)"_s.arg(compacted.entries.size()).arg(log.entries.size()),
                          fresh.states());
    }
    if (failure.isEmpty())
        return {};
    return failure + u"\nhistory:\n"_s + history.join(u'\n');
}

QTEST_GUILESS_MAIN(TestStateStore)
#include "tst_statestore.moc"
