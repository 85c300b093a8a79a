// A search whose matches are many and not bounded by a bucket index (`from:billing has:link`,
// `has:link`, dates) is read newest first a page at a time (SearchPager): its first window does
// not read and order every match, the list reads more as it is scrolled to its end, and its rows
// are still exactly the one query's (MessageSearch), in the same order.
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

class TestSearchNewest : public QObject
{
    Q_OBJECT

private slots:
    void firstWindowCostsAFractionOfEveryMatch_data();
    void firstWindowCostsAFractionOfEveryMatch();
    void rowsReadMoreAtTheEndAreTheQueryRows_data();
    void rowsReadMoreAtTheEndAreTheQueryRows();
    void fewMatchesAreReadAtOnce();
    void aRowRemovedIsNotMetAgain();
    void markAllReadAndExportCoverTheRowsNotReadYet();
    void aReloadKeepsTheRowsRead();
    void anArrivalAtTheTopIsInsertedOneBelowReloads();
    void cleanupTestCase();

private:
    static TestInbox *shared(std::unique_ptr<TestInbox> *inbox, int count);
    /// `count` messages: four senders in turn, two in three with a link, dates with many ties,
    /// a third read, a tenth archived, a twentieth inactive.
    static void fill(TestInbox *inbox, int count);
    static QVector<qint64> expected(TestInbox *inbox, const QString &text, InboxFilter folder);
    /// Every row, reading more at the end as a view does, until there is no more.
    static QVector<qint64> readAll(InboxRows *rows);

    std::unique_ptr<TestInbox> m_large;
    std::unique_ptr<TestInbox> m_small;
};

TestInbox *TestSearchNewest::shared(std::unique_ptr<TestInbox> *inbox, int count)
{
    if (!*inbox) {
        *inbox = std::make_unique<TestInbox>();
        fill(inbox->get(), count);
    }
    return inbox->get();
}

void TestSearchNewest::cleanupTestCase()
{
    m_large.reset();
    m_small.reset();
}

void TestSearchNewest::fill(TestInbox *inbox, int count)
{
    static const QStringList senders{u"Billing System"_s, u"ada"_s, u"Ops"_s, u"zed"_s};
    QRandomGenerator random(2211);
    const QDateTime start(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
    for (int done = 0; done < count;) {
        QVector<Message> batch;
        for (int i = 0; i < 5000 && done < count; ++i, ++done) {
            // A date per hour over 30 days, out of id order: about one in a few shares its hour.
            Message m = inbox->make(u"Subject %1"_s.arg(random.bounded(500)), u"body"_s,
                                    start.addSecs(qint64(random.bounded(30 * 24)) * 3600), senders.at(done % senders.size()));
            // Links in four of five, independent of the states and senders (which follow threes and fours).
            m.referenceUrl = done % 5 == 4 ? QString() : u"https://portal.example.org/%1"_s.arg(done);
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

QVector<qint64> TestSearchNewest::expected(TestInbox *inbox, const QString &text, InboxFilter folder)
{
    SearchParseError parseError;
    const SearchQuery query = SearchBoxQuery::parse(text, SearchClock::system(), &parseError);
    StoreError error;
    QVector<qint64> ids;
    for (const MessageIndex::Hit &h : MessageSearch(inbox->database()).matches(query, folder, MessageSearch::NoLimit, &error))
        ids.append(h.id);
    if (parseError.isError() || error.isError())
        qWarning() << text << parseError.message << error.text;
    return ids;
}

QVector<qint64> TestSearchNewest::readAll(InboxRows *rows)
{
    QVector<qint64> ids;
    for (int row = 0;; ++row) {
        if (row == rows->count()) {
            if (!rows->canFetchMore())
                break;
            const int n = rows->readMore();
            rows->showMore();
            if (n == 0)
                break;
        }
        const InboxRow *r = rows->row(row);
        if (!r)
            break;
        ids.append(r->id);
    }
    return ids;
}

void TestSearchNewest::firstWindowCostsAFractionOfEveryMatch_data()
{
    // `fraction`: the first window costs less than 1/fraction of every match read in order. With
    // words it holds their matches' ids once (SearchPager's candidates), a few instructions each,
    // where every match read in order costs its row and its place in the sort: in instructions
    // the two are near, in time not (the rows are read from the file, the ids put in memory).
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("fraction");
    QTest::newRow("from: has:link") << u"from:billing has:link"_s << 1;
    QTest::newRow("has:link") << u"has:link"_s << 20;
    QTest::newRow("a date") << u"after:2026-11-03"_s << 20;
    QTest::newRow("a partition") << u"partition:0"_s << 20;
    QTest::newRow("not from:") << u"-from:zed"_s << 4;
    QTest::newRow("a word in a folder") << u"in:inbox subject"_s << 1;
}

// Measured by the VM instructions SQLite runs on the connection (SqliteWorkMeter), which sees
// every query: the first window, and the next one read at the end of the list, against reading
// every match in order and that window's rows, as the search did before (MessageSearch::matches,
// then the rows). The next window always costs a window, whatever the query.
void TestSearchNewest::firstWindowCostsAFractionOfEveryMatch()
{
    QFETCH(QString, query);
    QFETCH(int, fraction);
    TestInbox &inbox = *shared(&m_large, 50000);
    MessageIndex index(inbox.database());
    const SqliteWorkMeter meter(inbox.database());
    QVERIFY(meter.isValid());
    const QVector<qint64> all = expected(&inbox, query, InboxFilter::All);
    QVERIFY(all.size() > 5000);

    qint64 before = meter.instructions();
    {
        SearchParseError parseError;
        StoreError error;
        const SearchQuery q = SearchBoxQuery::parse(query, SearchClock::system(), &parseError);
        const QVector<MessageIndex::Hit> hits = MessageSearch(inbox.database()).matches(q, InboxFilter::All, MessageSearch::NoLimit, &error);
        QVector<qint64> first;
        for (int i = 0; i < InboxRows::WindowSize; ++i)
            first.append(hits.at(i).id);
        QCOMPARE(index.rows(first, &error).size(), first.size());
    }
    const qint64 everyMatchWork = meter.instructions() - before;

    before = meter.instructions();
    InboxRows search(&index, {InboxFilter::All, {}, query});
    QVERIFY(search.isSearch());
    QVERIFY(search.row(0));
    const qint64 searchWork = meter.instructions() - before;
    QVERIFY(search.canFetchMore()); // Read by pages: more follow.
    QCOMPARE(search.count(), InboxRows::WindowSize);

    before = meter.instructions();
    QCOMPARE(search.readMore(), InboxRows::WindowSize);
    search.showMore();
    QVERIFY(search.row(InboxRows::WindowSize));
    const qint64 nextWork = meter.instructions() - before;

    for (int row = 0; row < search.count(); ++row)
        QCOMPARE(search.idAt(row), all.at(row));
    qInfo() << query << "first window:" << searchWork << "instructions, the next:" << nextWork
            << ", every match in order:" << everyMatchWork << "," << all.size() << "matches";
    QVERIFY2(searchWork * fraction < everyMatchWork, qPrintable(u"%1 vs %2"_s.arg(searchWork).arg(everyMatchWork)));
    QVERIFY2(nextWork * 8 < everyMatchWork, qPrintable(u"%1 vs %2"_s.arg(nextWork).arg(everyMatchWork)));
}

void TestSearchNewest::rowsReadMoreAtTheEndAreTheQueryRows_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("folder");
    for (const char *q : {"from:billing has:link", "has:link", "-has:link", "after:2026-11-20", "before:2026-11-05",
                          "from:billing OR from:ada", "-from:zed -from:ops", "subject is:read", "partition:0 has:link",
                          "in:all url:portal"}) {
        QTest::newRow(q) << QString::fromUtf8(q) << int(InboxFilter::All);
    }
    QTest::newRow("in the Inbox") << u"from:billing has:link"_s << int(InboxFilter::Inbox);
    QTest::newRow("in the Inbox, a word negated") << u"-from:zed has:link"_s << int(InboxFilter::Inbox);
}

void TestSearchNewest::rowsReadMoreAtTheEndAreTheQueryRows()
{
    QFETCH(QString, query);
    QFETCH(int, folder);
    TestInbox &inbox = *shared(&m_small, 4000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {static_cast<InboxFilter>(folder), {}, query});
    const QVector<qint64> want = expected(&inbox, query, static_cast<InboxFilter>(folder));
    QVERIFY(want.size() > InboxRows::WindowSize);
    QVERIFY2(rows.canFetchMore(), "read by pages");
    QCOMPARE(readAll(&rows), want);
    QCOMPARE(rows.count(), want.size());
    QVERIFY(!rows.canFetchMore());
}

void TestSearchNewest::fewMatchesAreReadAtOnce()
{
    TestInbox &inbox = *shared(&m_small, 4000);
    MessageIndex index(inbox.database());
    // A subject of 500: eight messages or so; offset: and key: are exact; is:unread in the
    // Archived folder is a small bucket. Each read at once, counted at once.
    for (const QString &query : {u"\"Subject 17\""_s, u"offset:12"_s, u"in:archived is:unread has:link"_s}) {
        InboxRows rows(&index, {InboxFilter::All, {}, query});
        QVERIFY2(!rows.canFetchMore(), qPrintable(query));
        QCOMPARE(rows.count(), expected(&inbox, query, InboxFilter::All).size());
    }
}

void TestSearchNewest::aRowRemovedIsNotMetAgain()
{
    TestInbox &inbox = *shared(&m_small, 4000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::All, {}, u"has:link"_s});
    QVector<qint64> want = expected(&inbox, u"has:link"_s, InboxFilter::All);
    QVERIFY(rows.canFetchMore());
    // The last row read, and one in the middle, leave (as when archived out of a folder's search).
    rows.removeRow(rows.count() - 1);
    want.remove(InboxRows::WindowSize - 1);
    rows.removeRow(10);
    want.remove(10);
    QCOMPARE(readAll(&rows), want);
}

void TestSearchNewest::markAllReadAndExportCoverTheRowsNotReadYet()
{
    TestInbox inbox;
    fill(&inbox, 4000);
    MessageIndex index(inbox.database());
    const QVector<qint64> want = expected(&inbox, u"from:billing has:link"_s, InboxFilter::All);
    InboxRows rows(&index, {InboxFilter::All, {}, u"from:billing has:link"_s});
    QVERIFY(rows.canFetchMore());
    QVector<qint64> exported;
    QVERIFY(rows.forEachIdChunk([&](const QVector<qint64> &ids) {
        exported += ids;
        return true;
    }));
    QCOMPARE(exported, want);
    const int n = rows.count();
    StoreError error;
    QVERIFY(rows.markAllRead(&error) > 0);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QSqlQuery q(inbox.database());
    QVERIFY(q.exec(u"SELECT count(*) FROM messages WHERE is_read = 0 AND created_by = 'Billing System' AND reference_url <> ''"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(rows.count(), n); // The rows read stay, read.
    QVERIFY(rows.row(0)->isRead);
}

void TestSearchNewest::aReloadKeepsTheRowsRead()
{
    TestInbox &inbox = *shared(&m_small, 4000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::All, {}, u"has:link"_s});
    rows.readMore();
    rows.showMore();
    rows.readMore();
    rows.showMore();
    const int n = rows.count();
    QVERIFY(n > 2 * InboxRows::WindowSize);
    const qint64 last = rows.idAt(n - 1);
    rows.reload();
    QVERIFY(rows.count() >= n);
    QCOMPARE(rows.idAt(n - 1), last);
}

void TestSearchNewest::anArrivalAtTheTopIsInsertedOneBelowReloads()
{
    TestInbox inbox;
    fill(&inbox, 4000);
    MessageIndex index(inbox.database());
    InboxRows rows(&index, {InboxFilter::All, {}, u"has:link"_s});
    QVERIFY(rows.row(0) && rows.canFetchMore());
    const int n = rows.count();
    Message top = inbox.make(u"New at the top"_s, u"b"_s, QDateTime(QDate(2026, 12, 5), QTime(9, 0), Qt::UTC));
    top.referenceUrl = u"https://portal.example.org/new"_s;
    QVERIFY(inbox.add({top}));
    InboxRows::Arrivals a = rows.planArrivals();
    QVERIFY(!a.reload);
    QCOMPARE(a.runs.size(), 1);
    QCOMPARE(a.runs.first().row, 0);
    rows.applyRun(a.runs.first());
    QCOMPARE(rows.count(), n + 1);
    // Older than every row read: its place is in the pages not read yet.
    Message old = inbox.make(u"Very old"_s, u"b"_s, QDateTime(QDate(2020, 1, 1), QTime(9, 0), Qt::UTC));
    old.referenceUrl = u"https://portal.example.org/old"_s;
    QVERIFY(inbox.add({old}));
    a = rows.planArrivals();
    QVERIFY(a.reload);
    rows.reload();
    const QVector<qint64> all = readAll(&rows);
    QCOMPARE(all, expected(&inbox, u"has:link"_s, InboxFilter::All));
    QCOMPARE(all.first(), inbox.idOfSubject(u"New at the top"_s));
    QCOMPARE(all.last(), inbox.idOfSubject(u"Very old"_s));
}

QTEST_GUILESS_MAIN(TestSearchNewest)
#include "tst_searchnewest.moc"
