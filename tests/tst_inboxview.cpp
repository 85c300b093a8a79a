// InboxRows and MessageIndex: windows, order, counts, arrivals, sticky states, search, against SQL as the oracle.
#include "Database.h"
#include "InboxRows.h"
#include "MessageCodec.h"
#include "MessageIndex.h"
#include "MessageStore.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ns::InboxFilter)
Q_DECLARE_METATYPE(ns::InboxSortKey)

namespace {

const QStringList subjects{
    u"apple"_s, u"Apple"_s, u"APPLE pie"_s, u"banana"_s, u"\u00c4rger im B\u00fcro"_s, u"\u00e9clair"_s,
    u"Zebra crossing"_s, u"zebra"_s, u"Maintenance window"_s, u"report ready"_s, u"Request approved"_s, u"_under"_s,
    u"123 numbers"_s, u"\u65e5\u672c"_s,
};
const QStringList senders{u"System Account"_s, u"Data Steward"_s, u"legal office"_s, u"Legal Office"_s, u"\u00d6ffice"_s};

QString bucketSql()
{
    return u"((is_active != 0) * 6 + is_archived * 2 + (is_read != 0))"_s;
}

QString orderSql(const InboxSort &sort)
{
    const QString dir = sort.ascending() ? u"ASC"_s : u"DESC"_s;
    switch (sort.key) {
    case InboxSortKey::Date: return u"created_date %1, id %1"_s.arg(dir);
    case InboxSortKey::Subject: return u"subject COLLATE NOCASE %1, id %1"_s.arg(dir);
    case InboxSortKey::Sender: return u"created_by COLLATE NOCASE %1, id %1"_s.arg(dir);
    case InboxSortKey::Unread: return u"is_read %1, created_date DESC, id DESC"_s.arg(dir);
    }
    return {};
}

// The next unread row; -2 when a read failed, which no comparison expects.
int nextUnreadRow(InboxRows &rows, int from, bool forward)
{
    StoreError error;
    const int row = rows.nextUnread(from, forward, &error);
    if (error.isError())
        qWarning().noquote() << error.text;
    return error.isError() ? -2 : row;
}

} // namespace

class TestInboxView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void countsFollowEveryChange();
    void migratesVersionOneWithData();
    void orderMatchesSql_data();
    void orderMatchesSql();
    void searchMatchesSql_data();
    void searchMatchesSql();
    void arrivalsGoToTheirPlace_data();
    void arrivalsGoToTheirPlace();
    void arrivalsReadAWindowWhateverTheStoreSize_data();
    void arrivalsReadAWindowWhateverTheStoreSize();
    void aReloadPutsBackADeepRowWithoutCountingAboveIt();
    void readRowsStayInTheUnreadView();
    void rowsKeepTheirPlaceWhenSortedByUnread();
    void archivingLeavesOrStays();
    void snoozingLeavesOrStays();
    void markAllRead_data();
    void markAllRead();
    void nextUnread_data();
    void nextUnread();
    void rowOfFindsEveryRow();
    void chunksStreamTheWholeView_data();
    void chunksStreamTheWholeView();

private:
    void fill(int count, quint32 seed);
    void addMessages(int count, quint32 seed, qint64 firstOffset, const QDateTime &firstDate = {});
    QVector<qint64> oracle(InboxFilter filter, const InboxSort &sort, const QString &fts = {});
    QVector<qint64> ids(InboxRows &view, QVector<int> order = {});
    qint64 scalar(const QString &sql);

    QTemporaryDir m_dir;
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<MessageIndex> m_index;
    qint64 m_nextOffset = 0;
};

void TestInboxView::init()
{
    m_connection = Database::uniqueConnectionName(u"view"_s);
    StoreError error;
    m_db = Database::open(m_dir.filePath(m_connection + u".sqlite"_s), m_connection, &error);
    QVERIFY2(m_db.isValid(), qPrintable(error.text));
    m_store = std::make_unique<MessageStore>(m_db);
    m_index = std::make_unique<MessageIndex>(m_db);
    m_nextOffset = 0;
}

void TestInboxView::cleanup()
{
    m_index.reset();
    m_store.reset();
    m_db = {};
    Database::close(m_connection);
}

void TestInboxView::addMessages(int count, quint32 seed, qint64 firstOffset, const QDateTime &firstDate)
{
    QRandomGenerator rng(seed);
    IngestBatch batch;
    for (int i = 0; i < count; ++i) {
        Message m;
        const qint64 offset = firstOffset + i;
        m.uuid = MessageCodec::uuidForCoordinates(u"t"_s, 0, offset);
        m.subject = subjects.at(rng.bounded(static_cast<int>(subjects.size())));
        m.body = u"body %1 %2"_s.arg(offset).arg(rng.bounded(4) == 0 ? u"with the quarterly report inside"_s : u"plain"_s);
        m.createdBy = senders.at(rng.bounded(static_cast<int>(senders.size())));
        // Few distinct dates: ties are common, so the id must break them the same way everywhere.
        m.createdDate = firstDate.isValid() ? firstDate.addSecs(i)
                                            : QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(rng.bounded(60) * 60);
        m.isActive = rng.bounded(10) != 0;
        m.kafkaTopic = u"t"_s;
        m.kafkaPartition = 0;
        m.kafkaOffset = offset;
        batch.messages.append(m);
    }
    BatchResult result;
    StoreError error;
    QVERIFY2(m_store->writeBatch(batch, &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, count);
    QSqlQuery q(m_db);
    // Random read and archived states, through UPDATE so the counting triggers see them.
    q.prepare(u"UPDATE messages SET is_read = (abs(random()) % 10) < 6, is_archived = (abs(random()) % 10) < 2"
              " WHERE kafka_offset >= ?"_s);
    q.addBindValue(firstOffset);
    QVERIFY(q.exec());
    // And a few snoozed (placement 2), unread as a snooze leaves them.
    q.prepare(u"UPDATE messages SET is_archived = 2, is_read = 0, snoozed_until = 4102444800000 + id"
              " WHERE kafka_offset >= ? AND abs(random()) % 20 = 0"_s);
    q.addBindValue(firstOffset);
    QVERIFY(q.exec());
}

void TestInboxView::fill(int count, quint32 seed)
{
    addMessages(count, seed, m_nextOffset);
    m_nextOffset += count;
}

qint64 TestInboxView::scalar(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql) || !q.next())
        qWarning() << sql << q.lastError().text();
    return q.value(0).toLongLong();
}

QVector<qint64> TestInboxView::oracle(InboxFilter filter, const InboxSort &sort, const QString &fts)
{
    QStringList buckets;
    for (int b : MessageBucket::of(filter))
        buckets.append(QString::number(b));
    QString sql = u"SELECT id FROM messages WHERE %1 IN (%2)"_s.arg(bucketSql(), buckets.join(u','));
    if (!fts.isEmpty())
        sql += u" AND id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)"_s;
    sql += u" ORDER BY "_s + orderSql(sort);
    QSqlQuery q(m_db);
    q.prepare(sql);
    if (!fts.isEmpty())
        q.addBindValue(fts);
    QVector<qint64> out;
    if (!q.exec())
        qWarning() << q.lastError().text();
    while (q.next())
        out.append(q.value(0).toLongLong());
    return out;
}

QVector<qint64> TestInboxView::ids(InboxRows &view, QVector<int> order)
{
    if (order.isEmpty()) {
        for (int i = 0; i < view.count(); ++i)
            order.append(i);
    }
    QVector<qint64> out(view.count());
    for (int i : order) {
        const InboxRow *r = view.row(i);
        out[i] = r ? r->id : -1;
    }
    return out;
}

void TestInboxView::countsFollowEveryChange()
{
    fill(300, 1);
    auto check = [this] {
        StoreError error;
        const MessageIndex::BucketCounts counts = m_index->counts(&error);
        if (error.isError())
            return false;
        for (int b = 0; b < MessageBucket::Count; ++b) {
            const qint64 expected = scalar(u"SELECT count(*) FROM messages WHERE %1 = %2"_s.arg(bucketSql()).arg(b));
            if (counts[b] != expected)
                return false;
        }
        return true;
    };
    QVERIFY(check());
    StoreError error;
    QVERIFY(m_index->setRead(5, true, &error));
    QVERIFY(m_index->setArchived(6, true, &error));
    QVERIFY(m_index->setArchived(6, false, &error));
    QVERIFY(check());
    QVERIFY(m_index->markBucketsRead(MessageBucket::of(InboxFilter::Inbox), 150, &error) >= 0);
    QVERIFY(check());
    QVERIFY(m_index->setSnoozed(7, 4102444800000, &error));
    QVERIFY(m_index->setSnoozed(8, 4102444800000, &error));
    QVERIFY(m_index->setArchived(8, true, &error));
    QVERIFY(check());
    QVector<qint64> woken;
    QVERIFY(m_index->wakeDue(4102444800000 + 1'000'000, &woken, &error));
    QVERIFY(woken.contains(7));
    QVERIFY(check());
    QCOMPARE(m_index->unreadCount(&error), scalar(u"SELECT count(*) FROM messages WHERE %1 = %2"_s.arg(bucketSql()).arg(
                                               MessageBucket::of(true, Placement::Inbox, false))));
}

void TestInboxView::migratesVersionOneWithData()
{
    const QString path = m_dir.filePath(u"v1.sqlite"_s);
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        // Schema version 1 as it shipped (Database.cpp, migrateTo1).
        QVERIFY(q.exec(u"CREATE TABLE messages (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, subject TEXT NOT NULL,"
                       " body TEXT NOT NULL, reference_url TEXT NOT NULL DEFAULT '', is_active INTEGER NOT NULL DEFAULT 1,"
                       " created_by TEXT NOT NULL DEFAULT 'System Account', created_date INTEGER NOT NULL,"
                       " modified_by TEXT NOT NULL DEFAULT 'System Account', modified_date INTEGER,"
                       " kafka_topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, kafka_offset INTEGER NOT NULL,"
                       " kafka_key TEXT, received_date INTEGER NOT NULL, is_read INTEGER NOT NULL DEFAULT 0,"
                       " is_archived INTEGER NOT NULL DEFAULT 0, UNIQUE (kafka_topic, kafka_partition, kafka_offset))"_s));
        QVERIFY(q.exec(u"CREATE TABLE rejected_messages (id INTEGER PRIMARY KEY, kafka_topic TEXT NOT NULL,"
                       " kafka_partition INTEGER NOT NULL, kafka_offset INTEGER NOT NULL, kafka_key BLOB,"
                       " raw_value BLOB NOT NULL, raw_size INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,"
                       " received_date INTEGER NOT NULL, UNIQUE (kafka_topic, kafka_partition, kafka_offset))"_s));
        QVERIFY(q.exec(u"CREATE TABLE consumer_offsets (topic TEXT NOT NULL, partition INTEGER NOT NULL,"
                       " next_offset INTEGER NOT NULL, PRIMARY KEY (topic, partition))"_s));
        QVERIFY(q.exec(u"INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition,"
                       " kafka_offset, received_date, is_read, is_archived) VALUES"
                       " ('u1', 'Quarterly report', 'numbers inside', 1, 't', 0, 0, 1, 0, 0),"
                       " ('u2', 'Lunch', 'the report is late', 2, 't', 0, 1, 1, 1, 0),"
                       " ('u3', 'Old', 'nothing', 3, 't', 0, 2, 1, 0, 1)"_s));
        QVERIFY(q.exec(u"PRAGMA user_version = 1"_s));
        raw.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    StoreError error;
    QSqlDatabase db = Database::open(path, u"migrated"_s, &error);
    QVERIFY2(db.isValid(), qPrintable(error.text));
    {
        MessageIndex index(db);
        const MessageIndex::BucketCounts counts = index.counts(&error);
        QCOMPARE(counts[MessageBucket::of(true, Placement::Inbox, false)], 1);
        QCOMPARE(counts[MessageBucket::of(true, Placement::Inbox, true)], 1);
        QCOMPARE(counts[MessageBucket::of(true, Placement::Archived, false)], 1);
        QCOMPARE(index.search(u"\"report\""_s, MessageBucket::of(InboxFilter::All), {}, 10, &error).size(), 2);
        QVERIFY2(!error.isError(), qPrintable(error.text));
    }
    db = {};
    Database::close(u"migrated"_s);
}

void TestInboxView::orderMatchesSql_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<InboxSortKey>("key");
    QTest::addColumn<bool>("ascending");
    for (InboxFilter f : {InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Archived, InboxFilter::Snoozed,
                          InboxFilter::Inactive, InboxFilter::All}) {
        for (InboxSortKey k : {InboxSortKey::Date, InboxSortKey::Subject, InboxSortKey::Sender, InboxSortKey::Unread}) {
            for (bool asc : {true, false}) {
                const QString tag = inboxFilterName(f) + u'/' + inboxSortKeyName(k) + (asc ? u"/asc"_s : u"/desc"_s);
                QTest::newRow(qPrintable(tag)) << f << k << asc;
            }
        }
    }
}

void TestInboxView::orderMatchesSql()
{
    QFETCH(InboxFilter, filter);
    QFETCH(InboxSortKey, key);
    QFETCH(bool, ascending);
    fill(900, 7);
    const InboxSort sort{key, ascending ? Qt::AscendingOrder : Qt::DescendingOrder};
    const QVector<qint64> expected = oracle(filter, sort);
    QVERIFY(expected.size() > 20);

    // In order, in reverse, from the end first, and at random: every way of reaching a row agrees.
    InboxRows sequential(m_index.get(), {filter, sort, {}});
    QCOMPARE(sequential.count(), expected.size());
    QCOMPARE(ids(sequential), expected);
    QVector<int> order;
    for (int i = static_cast<int>(expected.size()) - 1; i >= 0; --i)
        order.append(i);
    InboxRows backwards(m_index.get(), {filter, sort, {}});
    QCOMPARE(ids(backwards, order), expected);
    std::shuffle(order.begin(), order.end(), *QRandomGenerator::global());
    InboxRows random(m_index.get(), {filter, sort, {}});
    QCOMPARE(ids(random, order), expected);
    InboxRows jump(m_index.get(), {filter, sort, {}});
    QCOMPARE(jump.idAt(jump.count() - 1), expected.last());
    QCOMPARE(jump.idAt(jump.count() / 2), expected.at(expected.size() / 2));
}

void TestInboxView::searchMatchesSql_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("fts");
    QTest::addColumn<InboxSortKey>("key");
    QTest::newRow("word") << u"report "_s << u"\"report\""_s << InboxSortKey::Date;
    QTest::newRow("prefix while typing") << u"quart"_s << u"\"quart\"*"_s << InboxSortKey::Subject;
    QTest::newRow("phrase") << u"\"quarterly report\""_s << u"\"quarterly report\""_s << InboxSortKey::Sender;
    QTest::newRow("phrase in wrong order") << u"\"report quarterly\""_s << u"\"report quarterly\""_s << InboxSortKey::Date;
    QTest::newRow("hostile") << u"report\" OR (NOT"_s << u"\"report\" \"OR\" \"NOT\"*"_s << InboxSortKey::Unread;
}

void TestInboxView::searchMatchesSql()
{
    QFETCH(QString, typed);
    QFETCH(QString, fts);
    QFETCH(InboxSortKey, key);
    fill(500, 11);
    for (InboxFilter filter : {InboxFilter::Inbox, InboxFilter::All}) {
        const InboxSort sort{key, Qt::AscendingOrder};
        InboxRows view(m_index.get(), {filter, sort, typed});
        QVERIFY(view.isSearch());
        const QVector<qint64> expected = oracle(filter, sort, fts);
        QCOMPARE(ids(view), expected);
    }
}

void TestInboxView::arrivalsGoToTheirPlace_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<InboxSortKey>("key");
    QTest::addColumn<bool>("ascending");
    QTest::addColumn<QString>("search");
    QTest::newRow("inbox newest first") << InboxFilter::Inbox << InboxSortKey::Date << false << QString();
    QTest::newRow("all by subject") << InboxFilter::All << InboxSortKey::Subject << true << QString();
    QTest::newRow("unread by sender") << InboxFilter::Unread << InboxSortKey::Sender << false << QString();
    QTest::newRow("inbox by unread") << InboxFilter::Inbox << InboxSortKey::Unread << true << QString();
    QTest::newRow("search by subject") << InboxFilter::All << InboxSortKey::Subject << true << u"report "_s;
}

void TestInboxView::arrivalsGoToTheirPlace()
{
    QFETCH(InboxFilter, filter);
    QFETCH(InboxSortKey, key);
    QFETCH(bool, ascending);
    QFETCH(QString, search);
    fill(400, 3);
    const InboxSort sort{key, ascending ? Qt::AscendingOrder : Qt::DescendingOrder};
    InboxRows view(m_index.get(), {filter, sort, search});
    ids(view); // Cache windows, so the arrivals must shift them.
    const qint64 before = view.maxId();
    fill(60, 4);
    const QString fts = search.isEmpty() ? QString() : u"\"report\""_s;
    const QVector<qint64> expected = oracle(filter, sort, fts);

    InboxRows::Arrivals arrivals = view.planArrivals();
    QCOMPARE(arrivals.all.size(), 60);
    QSet<qint64> pending;
    for (const InboxRows::InsertRun &run : std::as_const(arrivals.runs)) {
        for (const InboxRow &r : run.rows)
            pending.insert(r.id);
    }
    QCOMPARE(view.count() + pending.size(), expected.size());
    for (const InboxRows::InsertRun &run : std::as_const(arrivals.runs)) {
        view.applyRun(run);
        for (const InboxRow &r : run.rows)
            pending.remove(r.id);
        // Between runs the view is whole: what is in, in order, without the rest.
        QVector<qint64> partial = expected;
        partial.removeIf([&](qint64 id) { return pending.contains(id); });
        QCOMPARE(ids(view), partial);
        for (int i = 0; i < run.rows.size(); ++i)
            QCOMPARE(view.idAt(run.row + i), run.rows.at(i).id);
    }
    QCOMPARE(ids(view), expected);
    QVERIFY(view.maxId() > before);
    QVERIFY(view.planArrivals().runs.isEmpty());
}

void TestInboxView::arrivalsReadAWindowWhateverTheStoreSize_data()
{
    QTest::addColumn<int>("storeSize");
    QTest::addColumn<int>("arrivals");
    QTest::addColumn<QDateTime>("firstDate");
    QTest::addColumn<bool>("reload");
    const QDateTime newer(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC);
    const QDateTime older(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
    for (int size : {2'000, 20'000}) {
        QTest::addRow("%d, a few newest", size) << size << 5 << newer << false;
        QTest::addRow("%d, a few older than the first window", size) << size << 5 << older << true;
        QTest::addRow("%d, a flood of newest", size) << size << 1'000 << newer << true;
        QTest::addRow("%d, a flood of the oldest", size) << size << 1'000 << older << true;
    }
}

// The work of one update of the window (plan the arrivals, then show the top screenful again)
// is bounded by the window, not by the store: the same rows are touched for 2,000 or 20,000
// stored messages, wherever the new ones go. Counted by MessageIndex itself, so it cannot flake.
void TestInboxView::arrivalsReadAWindowWhateverTheStoreSize()
{
    QFETCH(int, storeSize);
    QFETCH(int, arrivals);
    QFETCH(QDateTime, firstDate);
    QFETCH(bool, reload);
    constexpr int Screen = 40;
    fill(storeSize, 11);
    InboxRows view(m_index.get(), {InboxFilter::All, {}, {}});
    for (int r = 0; r < Screen; ++r)
        QVERIFY(view.row(r));
    addMessages(arrivals, 12, m_nextOffset, firstDate);
    m_nextOffset += arrivals;

    const MessageIndex::ReadStats before = m_index->readStats();
    const InboxRows::Arrivals plan = view.planArrivals();
    QCOMPARE(plan.reload, reload);
    if (plan.reload)
        view.reload();
    for (const InboxRows::InsertRun &run : plan.runs)
        view.applyRun(run);
    for (int r = 0; r < Screen; ++r)
        QVERIFY(view.row(r));
    const MessageIndex::ReadStats after = m_index->readStats();
    const qint64 touched = after.rowsTouched() - before.rowsTouched();
    qInfo("%d stored, %d arriving: %lld rows read or counted in %lld queries", storeSize, arrivals, touched,
          after.queries - before.queries);
    // The new rows (a window and one), the first window's keys and rows, the counters.
    QVERIFY2(touched <= 3 * InboxRows::WindowSize + 2 * MessageBucket::Count,
             qPrintable(u"%1 rows touched"_s.arg(touched)));
    QCOMPARE(ids(view), oracle(InboxFilter::All, {}));
}

// The user reads a message 15,000 rows down while 1,000 newer ones flood in: the view reloads,
// and the message's new row comes from its old one plus the new rows above it, counted among
// the arrivals only (the id range), not by counting the 15,000 rows above it.
void TestInboxView::aReloadPutsBackADeepRowWithoutCountingAboveIt()
{
    fill(20'000, 21);
    InboxRows view(m_index.get(), {InboxFilter::All, {}, {}});
    const int deep = 15'000;
    QVERIFY(view.row(deep));
    const qint64 anchor = view.idAt(deep);
    addMessages(1'000, 22, m_nextOffset, QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC));
    m_nextOffset += 1'000;
    const InboxRows::Arrivals plan = view.planArrivals();
    QVERIFY(plan.reload);
    const MessageIndex::ReadStats before = m_index->readStats();
    view.reload({anchor});
    const int row = view.rowOf(anchor);
    const qint64 touched = m_index->readStats().rowsTouched() - before.rowsTouched();
    QCOMPARE(row, deep + 1'000);
    QVERIFY2(touched <= 1'000 + 2 * MessageBucket::Count, qPrintable(u"%1 rows touched"_s.arg(touched)));
    QCOMPARE(view.idAt(row), anchor);
    QCOMPARE(ids(view), oracle(InboxFilter::All, {}));
    QCOMPARE(view.rowOf(anchor), deep + 1'000); // Still right when read back from the store.
}

void TestInboxView::readRowsStayInTheUnreadView()
{
    fill(300, 5);
    InboxRows view(m_index.get(), {InboxFilter::Unread, {}, {}});
    const QVector<qint64> before = ids(view);
    QVERIFY(before.size() > 10);
    StoreError error;
    QVERIFY(view.setRead(3, true, &error));
    QVERIFY(view.setRead(4, true, &error));
    QVERIFY(view.setRead(4, false, &error));
    QCOMPARE(view.count(), before.size());
    QCOMPARE(view.row(3)->isRead, true);
    QCOMPARE(view.row(4)->isRead, false);
    // Fresh reads (no cache) keep the place too.
    InboxRows::Arrivals nothing = view.planArrivals();
    QVERIFY(nothing.runs.isEmpty());
    QVector<int> backwards;
    for (int i = view.count() - 1; i >= 0; --i)
        backwards.append(i);
    view.setSort({InboxSortKey::Date, Qt::DescendingOrder});
    QCOMPARE(ids(view, backwards), before);
    QCOMPARE(nextUnreadRow(view, 2, true), 4);
    QCOMPARE(nextUnreadRow(view, 4, false), 2);
    QCOMPARE(view.rowOf(before.at(3)), 3);
    // A new view no longer shows it.
    InboxRows rebuilt(m_index.get(), {InboxFilter::Unread, {}, {}});
    QCOMPARE(rebuilt.count(), before.size() - 1);
    QCOMPARE(rebuilt.rowOf(before.at(3)), -1);
}

void TestInboxView::rowsKeepTheirPlaceWhenSortedByUnread()
{
    fill(300, 6);
    const InboxSort byUnread{InboxSortKey::Unread, Qt::AscendingOrder};
    InboxRows view(m_index.get(), {InboxFilter::Inbox, byUnread, {}});
    const QVector<qint64> before = ids(view);
    const int firstRead = nextUnreadRow(view, -1, true) == 0 ? static_cast<int>(scalar(u"SELECT n FROM message_counts WHERE bucket = 4"_s)) : 0;
    StoreError error;
    QVERIFY(view.setRead(0, true, &error));             // unread -> read, stays on top
    QVERIFY(view.setRead(firstRead + 1, false, &error)); // read -> unread, stays below
    QVector<int> backwards;
    for (int i = view.count() - 1; i >= 0; --i)
        backwards.append(i);
    view.setSort(byUnread); // Drops the cache: everything is read again from the store.
    QCOMPARE(ids(view, backwards), before);
    QCOMPARE(nextUnreadRow(view, -1, true), 1);
    QCOMPARE(nextUnreadRow(view, firstRead, true), firstRead + 1);
    // Another order forgets the old places.
    view.setSort({InboxSortKey::Date, Qt::DescendingOrder});
    QCOMPARE(ids(view), oracle(InboxFilter::Inbox, {InboxSortKey::Date, Qt::DescendingOrder}));
}

void TestInboxView::archivingLeavesOrStays()
{
    fill(300, 8);
    InboxRows inbox(m_index.get(), {InboxFilter::Inbox, {}, {}});
    ids(inbox);
    StoreError error;
    QVERIFY(inbox.archiveLeaves(10, true));
    QVERIFY(inbox.writeArchived(10, true, &error));
    inbox.removeRow(10);
    QCOMPARE(ids(inbox), oracle(InboxFilter::Inbox, {}));

    InboxRows all(m_index.get(), {InboxFilter::All, {}, {}});
    const QVector<qint64> before = ids(all);
    const bool archived = all.row(7)->isArchived;
    QVERIFY(!all.archiveLeaves(7, !archived));
    QVERIFY(all.writeArchived(7, !archived, &error));
    all.applyArchived(7, !archived);
    QCOMPARE(all.row(7)->isArchived, !archived);
    QCOMPARE(ids(all), before);

    InboxRows archivedView(m_index.get(), {InboxFilter::Archived, {}, {}});
    const qint64 id = archivedView.idAt(0);
    QVERIFY(archivedView.archiveLeaves(0, false));
    QVERIFY(archivedView.writeArchived(0, false, &error));
    archivedView.removeRow(0);
    QCOMPARE(ids(archivedView), oracle(InboxFilter::Archived, {}));
    InboxRows inboxAgain(m_index.get(), {InboxFilter::Inbox, {}, {}});
    QVERIFY(inboxAgain.rowOf(id) >= 0);
}

// Snoozing takes a row out of the inbox; in All it stays where it is, shown snoozed and unread;
// unsnoozing in Snoozed takes it out of there.
void TestInboxView::snoozingLeavesOrStays()
{
    fill(300, 9);
    const qint64 until = 4102444800000; // 2100-01-01
    StoreError error;
    InboxRows inbox(m_index.get(), {InboxFilter::Inbox, {}, {}});
    ids(inbox);
    const qint64 id = inbox.idAt(3);
    QVERIFY(inbox.snoozeLeaves(3, until));
    QVERIFY(inbox.writeSnoozed(3, until, &error));
    inbox.removeRow(3);
    QCOMPARE(ids(inbox), oracle(InboxFilter::Inbox, {}));

    InboxRows all(m_index.get(), {InboxFilter::All, {}, {}});
    const QVector<qint64> before = ids(all);
    const int row = all.rowOf(id);
    QVERIFY(row >= 0);
    QVERIFY(all.row(row)->isSnoozed);
    QCOMPARE(all.row(row)->snoozedUntilMs, until);
    // Another one, read, snoozed in All: it stays, unread and snoozed.
    int other = 0;
    while (other < all.count() && (all.row(other)->isSnoozed || !all.row(other)->isActive))
        ++other;
    QVERIFY(all.setRead(other, true, &error));
    QVERIFY(!all.snoozeLeaves(other, until + 1));
    QVERIFY(all.writeSnoozed(other, until + 1, &error));
    all.applySnoozed(other, until + 1);
    QVERIFY(all.row(other)->isSnoozed);
    QVERIFY(!all.row(other)->isRead);
    QVERIFY(!all.row(other)->isArchived);
    QCOMPARE(all.row(other)->snoozedUntilMs, until + 1);
    QCOMPARE(ids(all), before);

    InboxRows snoozed(m_index.get(), {InboxFilter::Snoozed, {}, {}});
    QCOMPARE(ids(snoozed), oracle(InboxFilter::Snoozed, {}));
    const int at = snoozed.rowOf(id);
    QVERIFY(at >= 0);
    QVERIFY(snoozed.snoozeLeaves(at, 0));
    QVERIFY(snoozed.writeSnoozed(at, 0, &error));
    snoozed.removeRow(at);
    QCOMPARE(ids(snoozed), oracle(InboxFilter::Snoozed, {}));
    InboxRows inboxAgain(m_index.get(), {InboxFilter::Inbox, {}, {}});
    QVERIFY(inboxAgain.rowOf(id) >= 0);
    QVERIFY(!inboxAgain.row(inboxAgain.rowOf(id))->isRead);
}

void TestInboxView::markAllRead_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<InboxSortKey>("key");
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("effect");
    QTest::newRow("inbox") << InboxFilter::Inbox << InboxSortKey::Date << QString() << int(InboxRows::BulkEffect::ChangedAll);
    QTest::newRow("unread") << InboxFilter::Unread << InboxSortKey::Subject << QString() << int(InboxRows::BulkEffect::RemovedAll);
    QTest::newRow("by unread") << InboxFilter::All << InboxSortKey::Unread << QString() << int(InboxRows::BulkEffect::Relayout);
    QTest::newRow("search") << InboxFilter::Inbox << InboxSortKey::Unread << u"report "_s << int(InboxRows::BulkEffect::ChangedAll);
}

void TestInboxView::markAllRead()
{
    QFETCH(InboxFilter, filter);
    QFETCH(InboxSortKey, key);
    QFETCH(QString, search);
    QFETCH(int, effect);
    fill(400, 9);
    const InboxSort sort{key, Qt::AscendingOrder};
    InboxRows view(m_index.get(), {filter, sort, search});
    const QVector<qint64> before = ids(view);
    StoreError error;
    QVERIFY(view.setRead(1, !view.row(1)->isRead, &error)); // A sticky row too.
    QCOMPARE(int(view.markAllReadEffect()), effect);
    QVERIFY(view.markAllRead(&error) > 0);
    const QString fts = search.isEmpty() ? QString() : u"\"report\""_s;
    const qint64 unreadLeft = scalar(u"SELECT count(*) FROM messages WHERE is_read = 0 AND id IN (%1)"_s.arg(
        [&] { QStringList s; for (qint64 id : before) s << QString::number(id); return s.join(u','); }()));
    QCOMPARE(unreadLeft, 0);
    switch (InboxRows::BulkEffect(effect)) {
    case InboxRows::BulkEffect::RemovedAll: QCOMPARE(view.count(), 0); break;
    case InboxRows::BulkEffect::Relayout: QCOMPARE(ids(view), oracle(filter, sort, fts)); break;
    case InboxRows::BulkEffect::ChangedAll:
        QCOMPARE(ids(view), before);
        for (int i = 0; i < view.count(); ++i)
            QVERIFY(view.row(i)->isRead);
        break;
    }
}

void TestInboxView::nextUnread_data()
{
    QTest::addColumn<InboxSortKey>("key");
    QTest::addColumn<QString>("search");
    QTest::newRow("subject") << InboxSortKey::Subject << QString();
    QTest::newRow("unread") << InboxSortKey::Unread << QString();
    QTest::newRow("search") << InboxSortKey::Sender << u"report "_s;
}

void TestInboxView::nextUnread()
{
    QFETCH(InboxSortKey, key);
    QFETCH(QString, search);
    fill(400, 12);
    InboxRows view(m_index.get(), {InboxFilter::All, {key, Qt::DescendingOrder}, search});
    QVector<bool> unread;
    for (int i = 0; i < view.count(); ++i)
        unread.append(!view.row(i)->isRead);
    InboxRows fresh(m_index.get(), {InboxFilter::All, {key, Qt::DescendingOrder}, search});
    for (int from = -1; from <= view.count(); from += 7) {
        int next = -1, previous = -1;
        for (int i = from + 1; i < unread.size() && next < 0; ++i)
            next = unread.at(i) ? i : -1;
        for (int i = std::min<int>(from, static_cast<int>(unread.size())) - 1; i >= 0 && previous < 0; --i)
            previous = unread.at(i) ? i : -1;
        QCOMPARE(nextUnreadRow(fresh, from, true), next);
        QCOMPARE(nextUnreadRow(fresh, from, false), previous);
    }
}

void TestInboxView::rowOfFindsEveryRow()
{
    fill(300, 13);
    const InboxSort sort{InboxSortKey::Sender, Qt::AscendingOrder};
    const QVector<qint64> expected = oracle(InboxFilter::Inbox, sort);
    InboxRows view(m_index.get(), {InboxFilter::Inbox, sort, {}});
    for (int i = 0; i < expected.size(); i += 13)
        QCOMPARE(view.rowOf(expected.at(i)), i);
    const QVector<qint64> elsewhere = oracle(InboxFilter::Archived, sort);
    QCOMPARE(view.rowOf(elsewhere.first()), -1);
    QCOMPARE(view.rowOf(123456789), -1);
}

void TestInboxView::chunksStreamTheWholeView_data()
{
    QTest::addColumn<InboxSortKey>("key");
    QTest::addColumn<QString>("search");
    QTest::newRow("date") << InboxSortKey::Date << QString();
    QTest::newRow("unread") << InboxSortKey::Unread << QString();
    QTest::newRow("search") << InboxSortKey::Subject << u"report "_s;
}

void TestInboxView::chunksStreamTheWholeView()
{
    QFETCH(InboxSortKey, key);
    QFETCH(QString, search);
    fill(700, 14);
    const InboxSort sort{key, Qt::AscendingOrder};
    InboxRows view(m_index.get(), {InboxFilter::All, sort, search});
    QVector<qint64> streamed;
    int chunks = 0;
    QVERIFY(view.forEachIdChunk([&](const QVector<qint64> &ids) {
        ++chunks;
        streamed += ids;
        return true;
    }, 100));
    QCOMPARE(streamed, oracle(InboxFilter::All, sort, search.isEmpty() ? QString() : u"\"report\""_s));
    QVERIFY(chunks >= streamed.size() / 100);
}

QTEST_GUILESS_MAIN(TestInboxView)
#include "tst_inboxview.moc"
