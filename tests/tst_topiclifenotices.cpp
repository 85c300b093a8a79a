// What the window says when the topics or the store change under it (issue 26): the user's topic
// created again, the state topic created again, a damaged store rebuilt, a store that cannot be
// used. Driven through the controller (no widgets) from the services' own signals: each event is
// told once, a repeat of the same event is not; then the window shows the text.

#include "InboxController.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "NoticeBar.h"
#include "StateSyncService.h"
#include "StoreCheck.h"
#include "TestInbox.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QString Topic = u"0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"_s;

StoreCheckReport rebuiltReport()
{
    StoreCheckReport report;
    report.outcome = StoreCheckReport::Outcome::Rebuilt;
    report.damage = u"*** in database main ***\nPage 7: btreeInitPage() returns error code 11"_s;
    report.damagedCopy = u"/home/u/inbox.sqlite.damaged-20261208-011500"_s;
    report.damagedMessages = 50;
    report.savedOutbox = 1;
    report.savedStateChanges = 2;
    return report;
}

} // namespace

class TestTopicLifeNotices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void topicRecreatedIsToldOncePerRecreation();
    void stateTopicRecreatedIsToldOnce();
    void unusableStoreIsToldOnceWithWhatToDo();
    void storeCheckIsToldOnce();
    void windowShowsTheNotices();
};

void TestTopicLifeNotices::topicRecreatedIsToldOncePerRecreation()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    InboxController controller(inbox.path(), Topic);
    IngestService ingest(ConnectionSettings{}, inbox.path(), {});
    controller.follow(&ingest);
    QSignalSpy notices(&controller, &InboxController::noticeChanged);

    Q_EMIT ingest.topicRecreated(Topic, Topic + u"#1"_s, 10);
    Q_EMIT ingest.topicRecreated(Topic, Topic + u"#1"_s, 10); // The same event again: not told again.
    QCOMPARE(notices.size(), 1);
    QVERIFY2(controller.notice().contains(u"10 earlier messages kept as %1#1"_s.arg(Topic)), qPrintable(controller.notice()));
    QVERIFY(controller.notice().contains(u"deleted and created again"_s));

    // A second recreation is another event.
    Q_EMIT ingest.topicRecreated(Topic, Topic + u"#2"_s, 1);
    QCOMPARE(notices.size(), 2);
    QVERIFY2(controller.notice().contains(u"1 earlier message kept as %1#2"_s.arg(Topic)), qPrintable(controller.notice()));
}

void TestTopicLifeNotices::stateTopicRecreatedIsToldOnce()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    InboxController controller(inbox.path(), Topic);
    StateSyncService sync(Topic, inbox.path(), StateSyncWorker::Clients{});
    controller.follow(&sync);
    QSignalSpy notices(&controller, &InboxController::noticeChanged);
    const QString stateTopic = Topic + u".state"_s;

    Q_EMIT sync.stateTopicRecreated(stateTopic);
    Q_EMIT sync.stateTopicRecreated(stateTopic);
    QCOMPARE(notices.size(), 1);
    QVERIFY2(controller.notice().contains(stateTopic), qPrintable(controller.notice()));
    QVERIFY(controller.notice().contains(u"created again"_s));
}

void TestTopicLifeNotices::unusableStoreIsToldOnceWithWhatToDo()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    InboxController controller(inbox.path(), Topic);
    IngestService ingest(ConnectionSettings{}, inbox.path(), {});
    controller.follow(&ingest);
    QSignalSpy notices(&controller, &InboxController::noticeChanged);

    const StoreError damaged{StoreError::Kind::Corrupt, u"writing a batch: database disk image is malformed"_s};
    Q_EMIT ingest.storeUnusable(damaged);
    // The worker retries, meeting it in another statement: the person is told once.
    Q_EMIT ingest.storeUnusable({StoreError::Kind::Corrupt, u"reading the ranges: database disk image is malformed"_s});
    QCOMPARE(notices.size(), 1);
    QVERIFY(controller.notice().contains(damaged.text));
    QVERIFY2(controller.notice().contains(u"start it again"_s), qPrintable(controller.notice()));

    // The advice holds: a damaged page met by the window asks for a whole check at the next start.
    QVERIFY(!QFileInfo::exists(inbox.path() + u".check-whole"_s));
    controller.showStoreFailure(damaged);
    QVERIFY(QFileInfo::exists(inbox.path() + u".check-whole"_s));
    notices.clear(); // The window's own failure notice.

    const StoreError newer{StoreError::Kind::Schema, u"the inbox file has schema version 99"_s};
    Q_EMIT ingest.storeUnusable(newer);
    QCOMPARE(notices.size(), 1);
    QVERIFY2(controller.notice().contains(u"newer NS Inbox"_s), qPrintable(controller.notice()));
}

void TestTopicLifeNotices::storeCheckIsToldOnce()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    InboxController controller(inbox.path(), Topic);
    QSignalSpy notices(&controller, &InboxController::noticeChanged);

    controller.tellStoreCheck(StoreCheckReport{}); // Sound: nothing to tell.
    QCOMPARE(notices.size(), 0);
    const StoreCheckReport report = rebuiltReport();
    controller.tellStoreCheck(report);
    controller.tellStoreCheck(report);
    QCOMPARE(notices.size(), 1);
    const QString text = controller.notice();
    QVERIFY2(text.contains(report.damagedCopy), qPrintable(text));
    QVERIFY(text.contains(u"btreeInitPage"_s));
    QVERIFY(text.contains(u"1 unsent messages and 2 changes"_s));
    QVERIFY2(text.contains(u"Not recovered: of its 50 messages"_s), qPrintable(text));

    // Refused at start (no database at all): the reason, and that the file was left alone.
    InboxController other(inbox.path(), Topic);
    StoreCheckReport refused;
    refused.outcome = StoreCheckReport::Outcome::Failed;
    refused.error = {StoreError::Kind::Corrupt, u"/tmp/notes.sqlite is not an NS Inbox store (file is not a database); it was left as it is"_s};
    other.tellStoreCheck(refused);
    QVERIFY2(other.notice().contains(refused.error.text), qPrintable(other.notice()));
    QVERIFY(other.notice().contains(u"Move the file away"_s));
}

void TestTopicLifeNotices::windowShowsTheNotices()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    QVERIFY(inbox.addMessages(3));
    MainWindow window(&inbox.store(), Topic);
    // Told before the window shows, as the session does right after building it.
    window.controller()->tellStoreCheck(rebuiltReport());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.noticeBar()->isVisible());
    QVERIFY2(window.noticeBar()->text().contains(rebuiltReport().damagedCopy), qPrintable(window.noticeBar()->text()));

    IngestService ingest(ConnectionSettings{}, inbox.path(), {});
    window.follow(&ingest);
    Q_EMIT ingest.topicRecreated(Topic, Topic + u"#1"_s, 3);
    QVERIFY(window.noticeBar()->isVisible());
    QVERIFY2(window.noticeBar()->text().contains(u"3 earlier messages kept as %1#1"_s.arg(Topic)),
             qPrintable(window.noticeBar()->text()));
}

QTEST_MAIN(TestTopicLifeNotices)
#include "tst_topiclifenotices.moc"
