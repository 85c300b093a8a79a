// A backlog streaming into the real window (offscreen) from the real broker: 100,000 records on
// 8 partitions, produced by kcat before the window opens, as a new desktop or a week away meets
// them. The bound is checked structurally, so that a slow machine cannot make it flake: the rows
// the UI thread reads or counts per update (MessageIndex's own ReadStats) stay a few windows'
// worth while the store grows to 100,000, and so does the work SQLite does on the window's connection
// (every query, those that report no reads included) per update and at the catch-up's end. The timing (longest stall) is printed, not asserted:
// tests/bench carries the timing aims.

#include "BrokerAdmin.h"
#include "BrokerEnvironment.h"
#include "CatchUpIndicator.h"
#include "IngestService.h"
#include "InboxRows.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "RdKafkaSource.h"
#include "SqliteWorkMeter.h"
#include "TestInbox.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ns;
using namespace Qt::StringLiterals;
using ns::test::BrokerEnvironment;

namespace {
constexpr int Records = 100'000;
constexpr int Partitions = 8;
} // namespace

class TestCatchUpWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void backlogStreamsIntoALiveWindow();

private:
    void produceBacklog(const QString &topic);

    BrokerEnvironment m_broker;
    QTemporaryDir m_dir;
};

void TestCatchUpWindow::initTestCase()
{
    QVERIFY2(m_broker.isValid(), qPrintable(m_broker.error()));
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_catchup_window"_s);
}

// kcat, the seed's envelope, a key per record so the partitioner spreads them over the 8.
void TestCatchUpWindow::produceBacklog(const QString &topic)
{
    QFile file(m_dir.filePath(u"backlog.txt"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < Records; ++i) {
        file.write(u"key-%1\t{\"ns-message\": {\"subject\": \"Backlog %1\", \"body\": \"Waiting message %1\","
                   " \"reference_url\": \"\", \"is_active\": true}}\n"_s.arg(i).toUtf8());
    }
    file.close();
    QProcess kcat;
    kcat.start(u"kcat"_s, {u"-P"_s, u"-b"_s, m_broker.bootstrap(), u"-t"_s, topic, u"-D"_s, u"\n"_s, u"-K"_s, u"\t"_s,
                           u"-z"_s, u"lz4"_s, u"-X"_s, u"linger.ms=50"_s, u"-l"_s, file.fileName()});
    QVERIFY2(kcat.waitForFinished(120'000), "kcat did not finish producing within 120 s");
    QVERIFY2(kcat.exitCode() == 0, kcat.readAllStandardError().constData());
}

void TestCatchUpWindow::backlogStreamsIntoALiveWindow()
{
    const QString topic = BrokerEnvironment::newTopic();
    QString error;
    QVERIFY2(ns::test::BrokerAdmin(m_broker.bootstrap()).createTopic(topic, Partitions, &error), qPrintable(error));
    produceBacklog(topic);
    if (QTest::currentTestFailed())
        return;

    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    const QString path = inbox.path();
    {
        MainWindow window(&inbox.store(), topic);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MessageListModel *model = window.model();
        MessageIndex *index = window.index();

        // What the window did at each refresh: rows the UI thread's index touched since the one
        // before (paints of the list included), what it showed, what was stored by then.
        struct Update
        {
            qint64 touched = 0;
            qint64 work = 0; // VM instructions on the window's connection since the update before.
            int rows = 0;
            QString title;
            qint64 shownMaxId = 0;
        };
        QVector<Update> updates;
        qint64 touchedBefore = index->readStats().rowsTouched();
        SqliteWorkMeter meter(window.index()->database()); // The window's own connection (the probe below is left out).
        QVERIFY(meter.isValid());
        qint64 workBefore = meter.instructions();
        qint64 newestStoredAt = -1; // Rows shown when the topic's newest record was first shown.
        QSqlQuery probe(inbox.database());
        connect(&window, &MainWindow::arrivalsShown, this, [&] {
            const qint64 touched = index->readStats().rowsTouched();
            const qint64 shownMaxId = model->rows()->maxId();
            updates.append({touched - touchedBefore, meter.instructions() - workBefore, model->rowCount(),
                            window.windowTitle(), shownMaxId});
            touchedBefore = touched;
            if (newestStoredAt < 0 && probe.exec(u"SELECT id FROM messages WHERE subject = 'Backlog %1'"_s.arg(Records - 1))
                && probe.next() && probe.value(0).toLongLong() <= shownMaxId)
                newestStoredAt = model->rowCount();
            probe.finish(); // An open statement would pin the connection's snapshot (WAL).
            workBefore = meter.instructions();

        });
        // The event loop's longest stall, seen from a 10 ms timer on the UI thread.
        QElapsedTimer tick;
        qint64 longestStallMs = 0;
        QTimer heartbeat;
        heartbeat.setInterval(10);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            if (tick.isValid())
                longestStallMs = std::max(longestStallMs, tick.elapsed() - 10);
            tick.restart();
        });
        bool indicatorSeen = false;

        ConnectionSettings settings;
        settings.bootstrapServers = m_broker.bootstrap();
        settings.userUuid = topic;
        IngestService ingest(settings, path, RdKafkaSource::factory(settings));
        window.follow(&ingest);
        connect(&ingest, &IngestService::catchUpProgress, this, [&] {
            indicatorSeen = indicatorSeen || window.catchUpIndicator()->text().contains(QLocale().toString(Records));
        });
        QSignalSpy caughtUp(&ingest, &IngestService::caughtUp);
        QElapsedTimer clock;
        clock.start();
        heartbeat.start();
        ingest.start();
        QVERIFY2(caughtUp.wait(240'000), "the backlog was not stored within 240 s");
        [[maybe_unused]] const bool all = QTest::qWaitFor([&] { return model->rowCount() == Records; }, 10'000);
        if (model->rowCount() != Records) {
            QSqlQuery q(inbox.database());
            if (q.exec(u"SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM rejected_messages)"_s) && q.next())
                qWarning() << "stored" << q.value(0).toLongLong() << "rejected" << q.value(1).toLongLong();
        }
        QCOMPARE(model->rowCount(), Records);
        heartbeat.stop();
        const qint64 elapsed = clock.elapsed();
        ingest.stop();
        // The catch-up's end (its last refresh, the announcement) counts as an update too.
        QTest::qWait(500);
        const qint64 endWork = meter.instructions() - workBefore;
        // The unit of the bound: one screenful of rows read afresh on the same connection.
        StoreError readError;
        qint64 mark = meter.instructions();
        QCOMPARE(index->rowsAfter(0, InboxRows::WindowSize, &readError).size(), InboxRows::WindowSize);
        const qint64 screenful = meter.instructions() - mark;

        qint64 mostTouched = 0;
        qint64 mostWork = endWork;
        for (const Update &u : std::as_const(updates)) {
            mostTouched = std::max(mostTouched, u.touched);
            mostWork = std::max(mostWork, u.work);
        }
        QSet<QString> titles;
        for (const Update &u : std::as_const(updates))
            titles.insert(u.title);
        qInfo("%d records in %lld ms, %lld updates of the window (%lld unread counts); at most %lld rows read or counted per update;"
              " longest event-loop stall %lld ms; the newest record shown with %lld rows in the list",
              Records, elapsed, qint64(updates.size()), qint64(titles.size()), mostTouched, longestStallMs, newestStoredAt);
        qInfo("SQLite work on the window's connection: at most %lld VM instructions per update, %lld at the end;"
              " one screenful read afresh: %lld", mostWork, endWork, screenful);

        // Bounded by the window (InboxRows::WindowSize rows, read as keys and rows), not by the store.
        QVERIFY2(mostTouched <= 5 * InboxRows::WindowSize, qPrintable(u"%1 rows in one update"_s.arg(mostTouched)));
        // Every query counted, the catch-up's end included: bounded by screenfuls, not by the store
        // (a COUNT over the 100,000 costs about 300 screenfuls). Most runs stay under 4; some went
        // to 17 and 43 once the catch-up's end came from the position (issue 26), not explained
        // yet, hence the margin.
        QVERIFY2(mostWork <= 100 * screenful,
                 qPrintable(u"%1 VM instructions in one update (end: %2), one screenful %3"_s.arg(mostWork).arg(endWork).arg(screenful)));
        QVERIFY2(newestStoredAt >= 0 && newestStoredAt < Records / 2,
                 qPrintable(u"the newest record was shown with %1 of %2 rows in the list"_s.arg(newestStoredAt).arg(Records)));
        // Many steps, not one: the screenful first, then the fill at most four times a second until
        // the last. How many depends on the machine's speed (11 here, in about 2.4 s), so the test
        // asserts only that there are steps between the first count and the last.
        QVERIFY2(titles.size() >= 3, qPrintable(u"the unread count took %1 values"_s.arg(titles.size())));
        QVERIFY(indicatorSeen);
        QVERIFY(!window.catchUpIndicator()->isVisible());
        QVERIFY(window.windowTitle().contains(u"(%1)"_s.arg(Records)));

        // Every record once, in the list's order (newest first), as SQL orders the store.
        QVector<qint64> expected;
        QSqlQuery q(inbox.database());
        QVERIFY(q.exec(u"SELECT id FROM messages ORDER BY created_date DESC, id DESC"_s));
        while (q.next())
            expected.append(q.value(0).toLongLong());
        QCOMPARE(expected.size(), Records);
        QVERIFY(q.exec(u"SELECT count(DISTINCT subject) FROM messages"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), Records);
        QVector<qint64> shown;
        shown.reserve(Records);
        for (int r = 0; r < model->rowCount(); ++r)
            shown.append(model->messageIdAt(r));
        QCOMPARE(shown, expected);
    }
}

QTEST_MAIN(TestCatchUpWindow)
#include "tst_catchup_window.moc"
