// The inbox window when another desktop changes states (the state topic, issue 14), offscreen: rows
// read or archived elsewhere change in place or leave without losing the selection, notifications
// of messages read elsewhere are withdrawn, "local only" is told once, and a catch-up is announced
// only once the other desktops' read state is in, counting only what is still unread.
#include "ArrivalNotifier.h"
#include "InboxRows.h"
#include "MainWindow.h"
#include "ReadDelay.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "NoticeBar.h"
#include "StateStore.h"
#include "StateSyncService.h"
#include "SqliteWorkMeter.h"
#include "SyncIndicator.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestSyncWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aRowReadElsewhereChangesInPlace();
    void aRowArchivedElsewhereLeavesTheView();
    void manyChangesRereadTheView();
    void localOnlyIsToldOnce();
    void aCatchUpWaitsForTheReadStateAndCountsWhatIsUnread();
    void theEndOfACatchUpReadsAScreenfulOnTheUiThread();

private:
    /// Changes the store as the state sync thread would (another connection), then tells the window.
    void changeElsewhere(const QString &sql, const QVector<qint64> &changed, const QVector<qint64> &nowRead);
    bool rowIsRead(qint64 id) const;

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestSyncWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_syncwindow"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestSyncWindow::init()
{
    QSettings().clear();
    // A selected message is read at once here (delay 0), as these tests expect; the delay has its
    // own test (tst_readdelay).
    QSettings().setValue(ReadDelay::settingsKey(), 0);
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    QVERIFY(m_inbox->addMessages(60)); // ids 1..60, all unread; newest first in the list
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestSyncWindow::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestSyncWindow::changeElsewhere(const QString &sql, const QVector<qint64> &changed, const QVector<qint64> &nowRead)
{
    QSqlDatabase other = m_inbox->openConnection();
    QVERIFY2(other.isValid(), qPrintable(m_inbox->errorText()));
    QSqlQuery q(other);
    QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    StateApplyResult result;
    result.changedIds = changed;
    result.nowReadIds = nowRead;
    m_window->controller()->onStateApplied(result);
}

bool TestSyncWindow::rowIsRead(qint64 id) const
{
    MessageListModel *model = m_window->model();
    const int row = model->rowOfMessage(id);
    return row >= 0 && model->index(row, 0).data(MessageListModel::IsReadRole).toBool();
}

void TestSyncWindow::aRowReadElsewhereChangesInPlace()
{
    MessageListView *list = m_window->messageList();
    list->selectRow(5);
    const qint64 selected = list->currentMessageId();
    QVERIFY(selected > 0);
    // Opening it marked it read: written before a change from elsewhere is placed (a change in
    // flight holds such re-reads until it is in the store).
    QVERIFY(m_window->controller()->writer()->waitForIdle());

    const qint64 other = m_window->model()->messageIdAt(2);
    QVERIFY(!rowIsRead(other));
    const QString titleBefore = m_window->windowTitle();
    QSignalSpy resets(m_window->model(), &QAbstractItemModel::modelReset);
    QSignalSpy readElsewhere(m_window.get(), &MainWindow::messagesReadElsewhere);

    changeElsewhere(u"UPDATE messages SET is_read = 1 WHERE id = %1"_s.arg(other), {other}, {other});

    QVERIFY(rowIsRead(other));
    QCOMPARE(m_window->model()->messageIdAt(2), other); // It keeps its place...
    QCOMPARE(resets.count(), 0);                         // ...without re-reading the view,
    QCOMPARE(list->currentMessageId(), selected);        // so the selection stays.
    QCOMPARE(m_window->messageView()->messageId(), selected);
    QCOMPARE(readElsewhere.count(), 1);
    QCOMPARE(readElsewhere.at(0).at(0).value<QVector<qint64>>(), QVector<qint64>{other});
    QVERIFY(m_window->windowTitle() != titleBefore); // One unread fewer in the title.
    QVERIFY2(m_window->windowTitle().startsWith(u"(58)"_s), qPrintable(m_window->windowTitle()));
}

void TestSyncWindow::aRowArchivedElsewhereLeavesTheView()
{
    MessageListView *list = m_window->messageList();
    list->selectRow(5);
    const qint64 selected = list->currentMessageId();
    // Opening it marked it read: written before a change from elsewhere is placed (a change in
    // flight holds such re-reads until it is in the store).
    QVERIFY(m_window->controller()->writer()->waitForIdle());
    const qint64 gone = m_window->model()->messageIdAt(2);
    const int before = m_window->model()->rowCount();

    changeElsewhere(u"UPDATE messages SET is_archived = 1 WHERE id = %1"_s.arg(gone), {gone}, {});

    QCOMPARE(m_window->model()->rowCount(), before - 1);
    QCOMPARE(m_window->model()->rowOfMessage(gone), -1);
    QCOMPARE(list->currentMessageId(), selected);
    QCOMPARE(list->currentIndex().row(), 4); // One row above it left.
    QCOMPARE(m_window->messageView()->messageId(), selected);
}

void TestSyncWindow::manyChangesRereadTheView()
{
    QVERIFY(m_inbox->addMessages(40, u"More %1"_s)); // ids 61..100
    m_window->controller()->onMessagesStored();
    QCOMPARE(m_window->model()->rowCount(), 100);
    MessageListView *list = m_window->messageList();
    list->selectRow(10);
    const qint64 selected = list->currentMessageId();
    // Opening it marked it read: written before a change from elsewhere is placed (a change in
    // flight holds such re-reads until it is in the store).
    QVERIFY(m_window->controller()->writer()->waitForIdle());

    QVector<qint64> all;
    for (qint64 id = 1; id <= 100; ++id)
        all.append(id);
    QVERIFY(all.size() > MessageListModel::InPlaceLimit);
    QSignalSpy resets(m_window->model(), &QAbstractItemModel::modelReset);

    changeElsewhere(u"UPDATE messages SET is_read = 1"_s, all, all); // "Mark all as read" elsewhere

    QCOMPARE(resets.count(), 1); // Re-read once, not placed row by row.
    for (qint64 id : {qint64(1), qint64(50), qint64(100)})
        QVERIFY(rowIsRead(id));
    QCOMPARE(list->currentMessageId(), selected);
    QCOMPARE(m_window->messageView()->messageId(), selected);
    QCOMPARE(m_window->windowTitle(), u"NS Inbox — test"_s);
}

void TestSyncWindow::localOnlyIsToldOnce()
{
    SyncIndicator *indicator = m_window->syncIndicator();
    QVERIFY(indicator->isHidden()); // Nothing to say before a sync starts.
    m_window->onSyncStateChanged(StateSyncStatus::Connecting, {});
    QVERIFY(indicator->isVisible());
    QCOMPARE(indicator->text(), SyncIndicator::describe(StateSyncStatus::Connecting));
    QVERIFY(m_window->noticeBar()->isHidden());

    m_window->onSyncStateChanged(StateSyncStatus::LocalOnly, u"not allowed to read topic u.state"_s);
    QCOMPARE(indicator->text(), u"Read state on this desktop only"_s);
    QCOMPARE(indicator->toolTip(), u"not allowed to read topic u.state"_s);
    QVERIFY(m_window->noticeBar()->isVisible());
    const QString told = m_window->noticeBar()->findChild<QLabel *>()->text();
    QVERIFY2(told.contains(u"this desktop only"_s) && told.contains(u"not allowed to read topic u.state"_s), qPrintable(told));

    m_window->noticeBar()->hide(); // The user closed it.
    m_window->onSyncStateChanged(StateSyncStatus::LocalOnly, u"not allowed to write topic u.state"_s);
    QVERIFY(m_window->noticeBar()->isHidden()); // Told once.
    QCOMPARE(indicator->toolTip(), u"not allowed to write topic u.state"_s); // The status bar stays current.
}

void TestSyncWindow::aCatchUpWaitsForTheReadStateAndCountsWhatIsUnread()
{
    m_window->hide(); // Nobody looking: a catch-up is announced.
    StateSyncService sync(u"0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"_s, m_inbox->path(), StateSyncWorker::Clients{});
    m_window->follow(&sync); // Not started: its state is not in yet.
    QSignalSpy notified(m_window->notifier(), &ArrivalNotifier::notify);

    // A catch-up brings 5 messages; 3 of them were read on another desktop (the state was in the
    // store before them, StateStore::applyToNewMessages).
    QVERIFY(m_inbox->addMessages(5, u"Waiting %1"_s));
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 1 WHERE id IN (61, 62, 63)"_s));
    BatchResult batch;
    batch.inserted = batch.insertedActive = 5;
    batch.backlog = true;
    m_window->controller()->onMessagesStored(batch);
    m_window->controller()->onCaughtUp();
    QCOMPARE(notified.count(), 0); // The read state is not in: wait for it.

    Q_EMIT sync.caughtUp();
    QTRY_COMPARE(notified.count(), 1); // Counted off the UI thread.
    QCOMPARE(notified.at(0).at(0).toString(), u"2 new messages"_s);
}

// Issue 24: when a catch-up ended, the window counted what was still unread of it with a COUNT over
// every message it brought, on the UI thread (200 ms for a million). Whatever the window does at the
// end of a catch-up, its own connection does a few screenfuls' work, measured by SQLite itself
// (every query on the connection, not only those that report their reads).
void TestSyncWindow::theEndOfACatchUpReadsAScreenfulOnTheUiThread()
{
    constexpr int Backlog = 20'000;
    m_window->hide(); // Nobody looking: the catch-up is announced.
    QSignalSpy notified(m_window->notifier(), &ArrivalNotifier::notify);
    SqliteWorkMeter meter(m_window->index()->database()); // The window's own (read-only) connection.
    QVERIFY(meter.isValid());

    // What one screenful costs the window, read afresh: the unit of the bound.
    StoreError error;
    qint64 mark = meter.instructions();
    QCOMPARE(m_window->index()->rowsAfter(0, InboxRows::WindowSize, &error).size(), 60);
    QVERIFY(!error.isError());
    QVERIFY(m_inbox->addMessages(Backlog, u"Waiting %1"_s));
    mark = meter.instructions();
    QCOMPARE(m_window->index()->rowsAfter(60, InboxRows::WindowSize, &error).size(), InboxRows::WindowSize);
    const qint64 screenful = meter.instructions() - mark;
    QVERIFY(screenful > 0);

    BatchResult batch;
    batch.inserted = batch.insertedActive = Backlog;
    batch.backlog = true;
    m_window->controller()->onMessagesStored(batch);
    QTRY_COMPARE(m_window->model()->rowCount(), 60 + Backlog); // Shown (the throttle's refresh).
    mark = meter.instructions();
    m_window->controller()->onCaughtUp();
    QTRY_COMPARE(notified.count(), 1);
    const qint64 end = meter.instructions() - mark;
    qInfo("the end of a %d-message catch-up: %lld VM instructions on the window's connection; one screenful: %lld",
          Backlog, end, screenful);
    QVERIFY2(end <= 5 * screenful, qPrintable(u"%1 instructions, %2 screenfuls"_s.arg(end).arg(double(end) / screenful)));
    QCOMPARE(notified.at(0).at(0).toString(), u"%1 new messages"_s.arg(Backlog));
}

QTEST_MAIN(TestSyncWindow)
#include "tst_syncwindow.moc"
