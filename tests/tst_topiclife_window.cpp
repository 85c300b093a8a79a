// The user's topic deleted and created again on the real broker while the window is open (issue
// 26): the window's ingest keeps running, the new topic's messages come at offsets the old ones
// had. Every new message is stored once, the old ones are kept (as "<topic>#1"), and the window
// says so once; a restart of the ingest finds nothing new to tell.

#include "BrokerEnvironment.h"
#include "InboxController.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "NoticeBar.h"
#include "PythonTools.h"
#include "RdKafkaSource.h"
#include "TestInbox.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;
using ns::test::BrokerEnvironment;
using ns::test::PythonTools;

class TestTopicLifeWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recreatedTopicWithTheWindowOpen();

private:
    void produce(const QString &topic, const QString &prefix, int first, int count);
    /// The subjects stored under `topic`, sorted (a message stored twice shows twice).
    QStringList subjects(const TestInbox &inbox, const QString &topic);
    /// The notices the window was given that tell of a recreation.
    static int recreationNotices(const QSignalSpy &notices);

    BrokerEnvironment m_broker;
    QTemporaryDir m_dir;
};

void TestTopicLifeWindow::initTestCase()
{
    QVERIFY2(m_broker.isValid(), qPrintable(m_broker.error()));
    QStandardPaths::setTestModeEnabled(true);
}

void TestTopicLifeWindow::produce(const QString &topic, const QString &prefix, int first, int count)
{
    QByteArray lines;
    for (int i = first; i < first + count; ++i)
        lines += u"{\"ns-message\": {\"subject\": \"%1 %2\", \"body\": \"b\", \"reference_url\": \"\", \"is_active\": true}}\n"_s
                     .arg(prefix)
                     .arg(i)
                     .toUtf8();
    QProcess kcat;
    kcat.start(u"kcat"_s, {u"-P"_s, u"-b"_s, m_broker.bootstrap(), u"-t"_s, topic, u"-p"_s, u"0"_s});
    QVERIFY(kcat.waitForStarted());
    kcat.write(lines);
    kcat.closeWriteChannel();
    QVERIFY(kcat.waitForFinished(60'000));
    QVERIFY2(kcat.exitCode() == 0, kcat.readAllStandardError().constData());
}

QStringList TestTopicLifeWindow::subjects(const TestInbox &inbox, const QString &topic)
{
    QSqlQuery q(inbox.database());
    q.prepare(u"SELECT subject FROM messages WHERE kafka_topic = ? ORDER BY subject"_s);
    q.addBindValue(topic);
    QStringList all;
    if (q.exec()) {
        while (q.next())
            all << q.value(0).toString();
    }
    return all;
}

int TestTopicLifeWindow::recreationNotices(const QSignalSpy &notices)
{
    int n = 0;
    for (const QList<QVariant> &args : notices)
        n += args.at(0).toString().contains(u"deleted and created again"_s) ? 1 : 0;
    return n;
}

void TestTopicLifeWindow::recreatedTopicWithTheWindowOpen()
{
    const QString topic = BrokerEnvironment::newTopic();
    QString error;
    QVERIFY2(PythonTools::admin(m_broker.bootstrap(), {u"create-topics"_s, topic}, &error), qPrintable(error));
    produce(topic, u"Old"_s, 0, 10);

    TestInbox inbox(m_dir.filePath(u"inbox.sqlite"_s));
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    MainWindow window(&inbox.store(), topic);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy notices(window.controller(), &InboxController::noticeChanged);

    ConnectionSettings settings;
    settings.bootstrapServers = m_broker.bootstrap();
    settings.userUuid = topic;
    {
        IngestService ingest(settings, inbox.path(), RdKafkaSource::factory(settings));
        window.follow(&ingest);
        QSignalSpy caughtUp(&ingest, &IngestService::caughtUp);
        ingest.start();
        QVERIFY2(caughtUp.wait(60'000), "not caught up within 60 s");
        QTRY_COMPARE(window.model()->rowCount(), 10);

        // Deleted and created again while the window reads it (the same helpers as the
        // fault_topic_* scenarios: they wait out the broker's deletion), then 5 new messages at
        // offsets 0 to 4, which old messages had.
        const auto recreated = PythonTools::run(
            BrokerEnvironment::python(),
            {u"-c"_s,
             u"import sys; sys.path.insert(0, sys.argv[1]); import topic_life_test as t; "
             "t.delete_topic(sys.argv[2], sys.argv[3]); t.create_topic(sys.argv[2], sys.argv[3])"_s,
             qEnvironmentVariable("NS_TEST_SOURCE_DIR") + u"/tests/faults"_s, m_broker.bootstrap(), topic},
            180'000);
        QVERIFY2(recreated.exitCode == 0, qPrintable(recreated.err));
        produce(topic, u"New"_s, 0, 5);
        QTRY_VERIFY_WITH_TIMEOUT(subjects(inbox, topic).size() >= 5, 120'000);
        // One more after them: once it is stored, everything before it was read (no sleep to
        // wait for "nothing more": a duplicate or a second notice would have come by then).
        produce(topic, u"New"_s, 5, 1);
        QTRY_VERIFY_WITH_TIMEOUT(subjects(inbox, topic).contains(u"New 5"_s), 60'000);
        ingest.stop();
    }
    QStringList fresh, old;
    for (int i = 0; i < 6; ++i)
        fresh << u"New %1"_s.arg(i);
    for (int i = 0; i < 10; ++i)
        old << u"Old %1"_s.arg(i);
    QCOMPARE(subjects(inbox, topic), fresh);
    QCOMPARE(subjects(inbox, topic + u"#1"_s), old);
    QTRY_COMPARE(window.model()->rowCount(), 16);
    QCOMPARE(recreationNotices(notices), 1);
    QVERIFY(window.noticeBar()->isVisible());
    QVERIFY2(window.noticeBar()->text().contains(u"10 earlier messages kept as %1#1"_s.arg(topic)),
             qPrintable(window.noticeBar()->text()));

    // Started again (as at the next launch): nothing new to tell, nothing stored twice.
    {
        IngestService ingest(settings, inbox.path(), RdKafkaSource::factory(settings));
        window.follow(&ingest);
        QSignalSpy caughtUp(&ingest, &IngestService::caughtUp);
        ingest.start();
        QVERIFY2(caughtUp.wait(60'000), "not caught up again within 60 s");
        ingest.stop();
    }
    QCOMPARE(recreationNotices(notices), 1);
    QCOMPARE(subjects(inbox, topic), fresh);
    QCOMPARE(subjects(inbox, topic + u"#1"_s), old);
}

QTEST_MAIN(TestTopicLifeWindow)
#include "tst_topiclife_window.moc"
