// Messages the server deleted before this desktop could fetch them, on the real broker: a topic
// with a one-second retention loses what was produced while NS Inbox was closed; on the next
// start the window says so once, with how many, and the inbox goes on from the earliest left.

#include "BrokerEnvironment.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageStore.h"
#include "NoticeBar.h"
#include "PythonTools.h"
#include "RdKafkaSource.h"
#include "TestInbox.h"

#include <QJsonDocument>
#include <QJsonObject>
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

class TestExpiredWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void expiredMessagesAreToldOnce();

private:
    void produce(const QString &topic, int first, int count);
    QJsonObject offsets(const QString &topic);
    void ingestUntilCaughtUp(MainWindow *window, const QString &topic);

    BrokerEnvironment m_broker;
    QTemporaryDir m_dir;
    QString m_path;
};

void TestExpiredWindow::initTestCase()
{
    QVERIFY2(m_broker.isValid(), qPrintable(m_broker.error()));
    QStandardPaths::setTestModeEnabled(true);
    m_path = m_dir.filePath(u"inbox.sqlite"_s);
}

void TestExpiredWindow::produce(const QString &topic, int first, int count)
{
    QByteArray lines;
    for (int i = first; i < first + count; ++i)
        lines += u"{\"ns-message\": {\"subject\": \"Kept %1\", \"body\": \"b\", \"reference_url\": \"\", \"is_active\": true}}\n"_s
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

QJsonObject TestExpiredWindow::offsets(const QString &topic)
{
    const auto r = PythonTools::run(BrokerEnvironment::python(),
                                    {BrokerEnvironment::script(u"kafka_admin.py"_s), u"--bootstrap"_s, m_broker.bootstrap(),
                                     u"earliest"_s, topic},
                                    60'000);
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

void TestExpiredWindow::ingestUntilCaughtUp(MainWindow *window, const QString &topic)
{
    ConnectionSettings settings;
    settings.bootstrapServers = m_broker.bootstrap();
    settings.userUuid = topic;
    IngestService ingest(settings, m_path, RdKafkaSource::factory(settings));
    window->follow(&ingest);
    QSignalSpy caughtUp(&ingest, &IngestService::caughtUp);
    ingest.start();
    QVERIFY2(caughtUp.wait(60'000), "not caught up within 60 s");
    ingest.stop();
}

void TestExpiredWindow::expiredMessagesAreToldOnce()
{
    const QString topic = BrokerEnvironment::newTopic();
    QString error;
    // Segments roll after 200 ms and are deleted a second after their newest record.
    QVERIFY2(PythonTools::admin(m_broker.bootstrap(),
                                {u"create-topics"_s, u"--config"_s, u"retention.ms=1000"_s, u"--config"_s,
                                 u"segment.ms=200"_s, topic},
                                &error),
             qPrintable(error));
    TestInbox inbox(m_path);
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    {
        MainWindow window(&inbox.store(), topic);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        produce(topic, 0, 20);
        ingestUntilCaughtUp(&window, topic);
        QTRY_COMPARE(window.model()->rowCount(), 20);
        QCOMPARE(window.noticeBar()->text(), QString());

        // NS Inbox is closed: 50 more arrive and expire; one more rolls their segment out.
        produce(topic, 20, 50);
        // The segment must be older than segment.ms (200) when the next record comes, or it is not
        // rolled: time has to pass here, nothing is awaited. The retention is then waited on below.
        QTest::qWait(400);
        produce(topic, 70, 1);
        QTRY_VERIFY_WITH_TIMEOUT(offsets(topic).value(u"earliest"_s).toInt() >= 70, 60'000);
        const int earliest = offsets(topic).value(u"earliest"_s).toInt();
        const int expired = earliest - 20;
        qInfo("the broker deleted offsets 20 to %d", earliest - 1);

        ingestUntilCaughtUp(&window, topic);
        QTRY_COMPARE(window.model()->rowCount(), 20 + 71 - earliest);
        const QString notice = window.noticeBar()->text();
        QVERIFY2(notice.contains(u"%1 messages were deleted by the server"_s.arg(expired)), qPrintable(notice));

        // Told once: a restart finds nothing new to tell.
        window.noticeBar()->hide();
        ingestUntilCaughtUp(&window, topic);
        QCOMPARE(window.noticeBar()->text(), QString());
        QCOMPARE(window.model()->rowCount(), 20 + 71 - earliest);
    }
}

QTEST_MAIN(TestExpiredWindow)
#include "tst_expired_window.moc"
