// A search of states and folders only (in:all, is:read, in:inbox) is read a window at a time
// from the bucket indexes, like a folder: its first window does not read every match, and its
// rows are still exactly those of the one query (MessageSearch), in every order.
#include "InboxRows.h"
#include "MessageIndex.h"
#include "MessageSearch.h"
#include "SearchBoxQuery.h"
#include "SqliteWorkMeter.h"
#include "TestInbox.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestSearchPages : public QObject
{
    Q_OBJECT

private slots:
    void firstWindowReadsAWindowNotEveryMatch_data();
    void firstWindowReadsAWindowNotEveryMatch();
    void rowsAreTheQueryRowsInEveryOrder_data();
    void rowsAreTheQueryRowsInEveryOrder();
    void rowOfFindsARowNotReadYet();
    void nextUnreadReadsOnAsFarAsItNeeds();
    void markAllReadCoversTheRowsNotReadYet();
    void anArrivalBelowTheRowsReadReloads();
    void aRowReadKeepsItsPlaceAndIsNotMetAgain();
    void cleanupTestCase();

private:
    /// Made once for the rows of a data-driven test.
    static TestInbox *shared(std::unique_ptr<TestInbox> *inbox, int count);

    /// `count` messages over 30 days, a third read, a tenth archived, a twentieth inactive.
    static void fill(TestInbox *inbox, int count);
    static QVector<qint64> expected(TestInbox *inbox, const QString &text, InboxFilter folder, const InboxSort &sort);

    std::unique_ptr<TestInbox> m_large;
    std::unique_ptr<TestInbox> m_small;
};

TestInbox *TestSearchPages::shared(std::unique_ptr<TestInbox> *inbox, int count)
{
    if (!*inbox) {
        *inbox = std::make_unique<TestInbox>();
        fill(inbox->get(), count);
    }
    return inbox->get();
}

void TestSearchPages::cleanupTestCase()
{
    m_large.reset();
    m_small.reset();
}

void TestSearchPages::fill(TestInbox *inbox, int count)
{
    static const QStringList senders{u"Billing System"_s, u"ada"_s, u"Ops"_s, u"zed"_s};
    QRandomGenerator random(22);
    const QDateTime start(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
    for (int done = 0; done < count;) {
        QVector<Message> batch;
        for (int i = 0; i < 5000 && done < count; ++i, ++done) {
            // Dates out of id order, some equal, so the order is not the ids'.
            Message m = inbox->make(u"Subject %1"_s.arg(random.bounded(500)), u"body"_s,
                                    start.addSecs(random.bounded(30 * 86400) / 60 * 60), senders.at(done % senders.size()));
            m.isActive = done % 20 != 7;
            batch.append(m);
        }
        QVERIFY(inbox->add(batch));
    }
    QSqlQuery q(inbox->database());
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 1 WHERE id % 3 = 0"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_archived = 1 WHERE id % 10 = 1"_s));
    // The per-bucket counters follow the states (the store keeps them; here they are recounted).
    QVERIFY(q.exec(u"DELETE FROM message_counts"_s));
    QVERIFY(q.exec(u"INSERT INTO message_counts (bucket, n) SELECT is_active * 6 + is_archived * 2 + is_read, count(*)"
                   " FROM messages GROUP BY 1"_s));
}

QVector<qint64> TestSearchPages::expected(TestInbox *inbox, const QString &text, InboxFilter folder, const InboxSort &sort)
{
    SearchParseError parseError;
    const SearchQuery query = SearchBoxQuery::parse(text, SearchClock::system(), &parseError);
    StoreError error;
    QVector<qint64> ids;
    for (const MessageIndex::Hit &h : MessageSearch(inbox->database()).matches(query, folder, sort, MessageSearch::NoLimit, &error))
        ids.append(h.id);
    if (parseError.isError() || error.isError())
        qWarning() << text << parseError.message << error.text;
    return ids;
}

void TestSearchPages::firstWindowReadsAWindowNotEveryMatch_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("in:all") << u"in:all"_s;
    QTest::newRow("is:read") << u"is:read"_s;
    QTest::newRow("in:inbox") << u"in:inbox"_s;
    QTest::newRow("in:all -is:unread") << u"in:all -is:unread"_s;
}

// Measured by the VM instructions SQLite runs on the connection (SqliteWorkMeter), which sees
// every query: reading every match's id (the old way) costs about 400 windows here.
void TestSearchPages::firstWindowReadsAWindowNotEveryMatch()
{
    QFETCH(QString, query);
    TestInbox &inbox = *shared(&m_large, 50000);
    MessageIndex index(inbox.database());
    const SqliteWorkMeter meter(inbox.database());
    QVERIFY(meter.isValid());

    // The folder of everything, without a search: the yardstick.
    qint64 before = meter.instructions();
    InboxRows folder(&index, {InboxFilter::All, {}, {}});
    QVERIFY(folder.row(0));
    const qint64 folderWork = meter.instructions() - before;

    before = meter.instructions();
    const qint64 rowsBefore = index.readStats().rowsTouched();
    InboxRows search(&index, {InboxFilter::Inbox, {}, query});
    QVERIFY(search.isSearch());
    QVERIFY(search.row(0));
    const qint64 searchWork = meter.instructions() - before;
    const qint64 searchRows = index.readStats().rowsTouched() - rowsBefore;

    const QVector<qint64> all = expected(&inbox, query, InboxFilter::Inbox, {});
    QVERIFY(all.size() > 10000);
    QCOMPARE(search.count(), all.size());
    for (int row = 0; row < InboxRows::WindowSize; ++row)
        QCOMPARE(search.idAt(row), all.at(row));
    qInfo() << query << "first window:" << searchWork << "instructions, the folder's" << folderWork << "," << searchRows
            << "rows read of" << all.size();
    QVERIFY2(searchWork < 4 * folderWork, qPrintable(u"%1 vs %2"_s.arg(searchWork).arg(folderWork)));
    QVERIFY2(searchRows <= 4 * InboxRows::WindowSize, qPrintable(QString::number(searchRows)));
}

void TestSearchPages::rowsAreTheQueryRowsInEveryOrder_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("folder");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("order");
    const QStringList queries{u"in:all"_s, u"is:read"_s, u"is:unread"_s, u"in:archived"_s, u"in:inactive"_s,
                              u"-in:inbox"_s, u"in:all -is:read"_s, u"is:read is:unread"_s};
    const InboxSortKey keys[] = {InboxSortKey::Date, InboxSortKey::Subject, InboxSortKey::Sender, InboxSortKey::Unread};
    for (const QString &q : queries) {
        for (InboxSortKey k : keys) {
            for (Qt::SortOrder o : {Qt::DescendingOrder, Qt::AscendingOrder}) {
                QTest::addRow("%s/%d/%d", qPrintable(q), int(k), int(o)) << q << int(InboxFilter::Inbox) << int(k) << int(o);
            }
        }
    }
    QTest::addRow("is:read in the Archived folder") << u"is:read"_s << int(InboxFilter::Archived)
                                                   << int(InboxSortKey::Date) << int(Qt::DescendingOrder);
}

void TestSearchPages::rowsAreTheQueryRowsInEveryOrder()
{
    QFETCH(QString, query);
    QFETCH(int, folder);
    QFETCH(int, key);
    QFETCH(int, order);
    TestInbox &inbox = *shared(&m_small, 3000);
    MessageIndex index(inbox.database());
    const InboxSort sort{static_cast<InboxSortKey>(key), static_cast<Qt::SortOrder>(order)};
    InboxRows rows(&index, {static_cast<InboxFilter>(folder), sort, query});
    const QVector<qint64> want = expected(&inbox, query, static_cast<InboxFilter>(folder), sort);
    QCOMPARE(rows.count(), want.size());
    QVector<qint64> got;
    // Jump to the end first (reads on to it), then read every row.
    if (rows.count() > 0)
        QCOMPARE(rows.idAt(rows.count() - 1), want.last());
    for (int row = 0; row < rows.count(); ++row) {
        const InboxRow *r = rows.row(row);
        QVERIFY(r);
        got.append(r->id);
    }
    QCOMPARE(got, want);
}

void TestSearchPages::rowOfFindsARowNotReadYet()
{
    TestInbox inbox;
    fill(&inbox, 3000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::Inbox, {}, u"in:all"_s});
    const QVector<qint64> want = expected(&inbox, u"in:all"_s, InboxFilter::Inbox, {});
    QVERIFY(rows.row(0));
    QCOMPARE(rows.rowOf(want.at(2500)), 2500);
    QCOMPARE(rows.rowOf(want.at(10)), 10);
    QCOMPARE(rows.rowOf(999999), -1);
    // Not a match: is:read does not hold an unread message, wherever it would be.
    InboxRows read(&index, {InboxFilter::Inbox, {}, u"is:read"_s});
    QVERIFY(read.row(0));
    QCOMPARE(read.rowOf(2), -1);
    QCOMPARE(read.rowOf(3), int(expected(&inbox, u"is:read"_s, InboxFilter::Inbox, {}).indexOf(3)));
}

void TestSearchPages::nextUnreadReadsOnAsFarAsItNeeds()
{
    TestInbox inbox;
    fill(&inbox, 3000);
    QSqlQuery q(inbox.database());
    // The only unread message is the oldest one: far below the first window.
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 1"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 0 WHERE id = (SELECT id FROM messages ORDER BY created_date, id LIMIT 1)"_s));
    QVERIFY(q.exec(u"SELECT id FROM messages WHERE is_read = 0"_s) && q.next());
    const qint64 oldest = q.value(0).toLongLong();
    q.finish();
    QVERIFY(q.exec(u"DELETE FROM message_counts"_s));
    QVERIFY(q.exec(u"INSERT INTO message_counts (bucket, n) SELECT is_active * 6 + is_archived * 2 + is_read, count(*)"
                   " FROM messages GROUP BY 1"_s));
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::Inbox, {}, u"in:all"_s});
    StoreError error;
    const int found = rows.nextUnread(0, true, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QCOMPARE(found, rows.count() - 1);
    QCOMPARE(rows.idAt(found), oldest);
    QCOMPARE(rows.nextUnread(found, false, &error), -1);
    QCOMPARE(rows.nextUnread(rows.count(), false, &error), found);
}

void TestSearchPages::markAllReadCoversTheRowsNotReadYet()
{
    TestInbox inbox;
    fill(&inbox, 3000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::Inbox, {}, u"in:all"_s});
    QVERIFY(rows.row(0)); // Only the first window is read.
    const int n = rows.count();
    StoreError error;
    QVERIFY(rows.markAllRead(&error) > 0);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QSqlQuery q(inbox.database());
    QVERIFY(q.exec(u"SELECT count(*) FROM messages WHERE is_read = 0"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(rows.count(), n); // The rows stay, read.
    for (int row = 0; row < n; row += 97)
        QVERIFY(rows.row(row) && rows.row(row)->isRead);
}

void TestSearchPages::anArrivalBelowTheRowsReadReloads()
{
    TestInbox inbox;
    fill(&inbox, 3000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::Inbox, {}, u"in:all"_s});
    QVERIFY(rows.row(0));
    const int n = rows.count();
    // One new message at the top, one older than everything (its place is not read yet).
    const Message top = inbox.make(u"New at the top"_s, u"b"_s, QDateTime(QDate(2026, 12, 5), QTime(9, 0), Qt::UTC));
    QVERIFY(inbox.add({top}));
    InboxRows::Arrivals a = rows.planArrivals();
    QVERIFY(!a.reload);
    QCOMPARE(a.runs.size(), 1);
    QCOMPARE(a.runs.first().row, 0);
    rows.applyRun(a.runs.first());
    QCOMPARE(rows.count(), n + 1);
    const Message old = inbox.make(u"Very old"_s, u"b"_s, QDateTime(QDate(2020, 1, 1), QTime(9, 0), Qt::UTC));
    QVERIFY(inbox.add({old}));
    a = rows.planArrivals();
    QVERIFY(a.reload);
    rows.reload();
    QCOMPARE(rows.count(), n + 2);
    QCOMPARE(rows.idAt(n + 1), inbox.idOfSubject(u"Very old"_s));
    QCOMPARE(rows.idAt(0), inbox.idOfSubject(u"New at the top"_s));
}

// Sorted by read state, a row read moves to the read run in the store, which is read later:
// it stays where it was shown and is not listed a second time there.
void TestSearchPages::aRowReadKeepsItsPlaceAndIsNotMetAgain()
{
    TestInbox inbox;
    fill(&inbox, 3000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::Inbox, {InboxSortKey::Unread, Qt::AscendingOrder}, u"in:all"_s});
    const QVector<qint64> want = expected(&inbox, u"in:all"_s, InboxFilter::Inbox, {InboxSortKey::Unread, Qt::AscendingOrder});
    QVERIFY(rows.row(5) && !rows.row(5)->isRead);
    StoreError error;
    QVERIFY(rows.setRead(5, true, &error));
    QVERIFY(rows.setRead(6, true, &error));
    rows.removeRow(7); // As when archiving takes it out of the view.
    QVector<qint64> got;
    for (int row = 0; row < rows.count(); ++row) {
        const InboxRow *r = rows.row(row);
        QVERIFY(r);
        got.append(r->id);
    }
    QVector<qint64> expect = want;
    expect.remove(7);
    QCOMPARE(got, expect);
}

QTEST_GUILESS_MAIN(TestSearchPages)
#include "tst_searchpages.moc"
