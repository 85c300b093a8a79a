// The one tray icon of a window session: `--minimized` hides the window in the tray when there is one
// (minimized otherwise); the icon and its menu bring the window back, closing the window returns it to
// the tray, the menu's Quit quits (the window's own Quit), the icon follows the unread count, and a
// notification's click opens its message, also when the current folder hides it.
#include "ArrivalNotifier.h"
#include "Database.h"
#include "InboxActions.h"
#include "InboxController.h"
#include "IngestBatch.h"
#include "LiveRegion.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QStatusBar>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void oneTrayIconPerSession();
    void normalLaunchShowsTheWindow();
    void minimizedWithoutTrayMinimizes();
    void minimizedWithTrayHidesInTheTray();
    void trayQuitIsTheWindowsQuit();
    void iconFollowsTheUnreadCount();
    void notificationClickOpensItsMessage();
    void bringToFrontUndoesMinimized();
    void arrivalsWhileActiveAreAnnouncedOnce();
    void statusBarMessagesAreAnnounced();
    void badgeFollowsAPaletteChange();

private:
    qint64 addMessage(qint64 offset, const QString &subject);

    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir; ///< A file, not ":memory:": the window opens its own connections to it.
};

void TestTrayIcon::initTestCase()
{
    QPixmap pixmap(16, 16);
    pixmap.fill();
    QApplication::setWindowIcon(QIcon(pixmap)); // A tray icon needs an icon.
}

void TestTrayIcon::init()
{
    m_connection = Database::uniqueConnectionName(QStringLiteral("tray"));
    StoreError error;
    m_db = Database::open(m_dir.filePath(m_connection + QStringLiteral(".sqlite")), m_connection, &error);
    QVERIFY(m_db.isValid());
    m_store = std::make_unique<MessageStore>(m_db);
    m_window = std::make_unique<MainWindow>(m_store.get(), QStringLiteral("test"));
    QApplication::setQuitOnLastWindowClosed(true);
}

void TestTrayIcon::cleanup()
{
    m_window.reset();
    m_store.reset();
    m_db = {};
    Database::close(m_connection);
}

qint64 TestTrayIcon::addMessage(qint64 offset, const QString &subject)
{
    Message m;
    m.uuid = QStringLiteral("u%1").arg(offset);
    m.subject = subject;
    m.body = QStringLiteral("body");
    m.createdBy = QStringLiteral("sender");
    m.createdDate = QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC).addSecs(offset * 60);
    m.kafkaTopic = QStringLiteral("t");
    m.kafkaPartition = 0;
    m.kafkaOffset = offset;
    IngestBatch batch;
    batch.messages = {m};
    BatchResult result;
    StoreError error;
    if (!m_store->writeBatch(batch, &result, &error))
        return 0;
    return MessageStore::lastMessageId(m_db, &error);
}

void TestTrayIcon::oneTrayIconPerSession()
{
    // The window makes none of its own: the session's TrayIcon is the only one (issue 13: a login
    // start used to show two).
    QCOMPARE(m_window->findChildren<QSystemTrayIcon *>().size(), 0);
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->presentAtLaunch(true);
    QCOMPARE(m_window->findChildren<QSystemTrayIcon *>().size(), 1);
    QCOMPARE(m_window->findChildren<QSystemTrayIcon *>().constFirst(), tray->icon());
}

void TestTrayIcon::normalLaunchShowsTheWindow()
{
    // As left by a session that started in the tray, before new settings restarted it normally.
    QApplication::setQuitOnLastWindowClosed(false);
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->presentAtLaunch(false);
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_window->isMinimized());
    QVERIFY(tray->icon()->isVisible());
    // Closing the window of a normal start ends the app, as before there was a tray.
    QVERIFY(!tray->keepsRunningInTray());
    QVERIFY(QApplication::quitOnLastWindowClosed());
}

void TestTrayIcon::minimizedWithoutTrayMinimizes()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, false);
    QCOMPARE(tray->icon(), nullptr);
    tray->presentAtLaunch(true);
    QVERIFY(m_window->isVisible());
    QTRY_VERIFY(m_window->isMinimized());
    QVERIFY(QApplication::quitOnLastWindowClosed());
}

void TestTrayIcon::minimizedWithTrayHidesInTheTray()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->presentAtLaunch(true);
    QVERIFY(tray->icon()->isVisible());
    QVERIFY(m_window->isHidden());
    QVERIFY(!QApplication::quitOnLastWindowClosed());
    QCOMPARE(tray->icon()->toolTip(), QStringLiteral("NS Inbox"));

    // "Show NS Inbox" in the tray's menu; the same entry says "Hide" while the window is shown.
    QAction *showHide = tray->menu()->actions().constFirst();
    Q_EMIT tray->menu()->aboutToShow();
    QCOMPARE(showHide->text(), QStringLiteral("&Show NS Inbox"));
    showHide->trigger();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_window->isMinimized());
    Q_EMIT tray->menu()->aboutToShow();
    QCOMPARE(showHide->text(), QStringLiteral("&Hide NS Inbox"));

    // Closing the window puts it back in the tray instead of ending the app.
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isHidden());
    QVERIFY(tray->icon()->isVisible());

    // A click on the icon brings it back, a second one hides it again.
    Q_EMIT tray->icon()->activated(QSystemTrayIcon::Trigger);
    QVERIFY(m_window->isVisible());
    Q_EMIT tray->icon()->activated(QSystemTrayIcon::Trigger);
    QVERIFY(m_window->isHidden());
}

void TestTrayIcon::trayQuitIsTheWindowsQuit()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->presentAtLaunch(true);
    // The session ends the event loop on quitRequested (QApplication::exit: no window may veto it,
    // unlike QCoreApplication::quit(), which the hidden window's close filter used to cancel).
    QSignalSpy quit(m_window.get(), &MainWindow::quitRequested);
    QAction *trayQuit = tray->menu()->actions().constLast();
    QCOMPARE(trayQuit->text(), QStringLiteral("&Quit"));
    trayQuit->trigger();
    QCOMPARE(quit.count(), 1);
    // File > Quit takes the same way.
    m_window->actions()->quit->trigger();
    QCOMPARE(quit.count(), 2);
}

void TestTrayIcon::iconFollowsTheUnreadCount()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->presentAtLaunch(true);
    const QImage empty = tray->icon()->icon().pixmap(22, 22).toImage();
    addMessage(0, QStringLiteral("one"));
    addMessage(1, QStringLiteral("two"));
    m_window->controller()->onMessagesStored();
    QTRY_COMPARE(tray->icon()->toolTip(), QStringLiteral("NS Inbox: 2 unread"));
    QVERIFY(tray->icon()->icon().pixmap(22, 22).toImage() != empty); // The badge.
    m_window->show();
    m_window->messageList()->selectRow(0); // Shown is read.
    QTRY_COMPARE(tray->icon()->toolTip(), QStringLiteral("NS Inbox: 1 unread"));
}

void TestTrayIcon::notificationClickOpensItsMessage()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->presentAtLaunch(true);
    const qint64 first = addMessage(0, QStringLiteral("first"));
    const qint64 second = addMessage(1, QStringLiteral("second"));
    QVERIFY(first > 0 && second > first);
    m_window->controller()->onMessagesStored();
    QTRY_COMPARE(m_window->model()->rowCount(), 2);
    // The user looks at the archive when the notification is clicked: the inbox comes back, with it.
    m_window->actions()->filterAction(InboxFilter::Archived)->trigger();
    QCOMPARE(m_window->model()->rowCount(), 0);

    m_window->openMessage(first);
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::Inbox);
    QCOMPARE(m_window->messageList()->currentMessageId(), first);
    StoreError readError;
    QTRY_VERIFY(m_store->messageById(first, &readError)->isRead); // Shown, so read (written by the StoreWriter).
    QVERIFY(!m_store->messageById(second, &readError)->isRead);

    // Without a notification daemon the notifier's announcement is the tray's balloon; clicking it
    // opens the message it named.
    Q_EMIT m_window->notifier()->notify(QStringLiteral("New message from sender"), QStringLiteral("second"), second);
    Q_EMIT tray->icon()->messageClicked();
    QCOMPARE(m_window->messageList()->currentMessageId(), second);
}

void TestTrayIcon::bringToFrontUndoesMinimized()
{
    m_window->showMinimized();
    QTRY_VERIFY(m_window->isMinimized());
    m_window->bringToFront();
    QVERIFY(!m_window->isMinimized());
    QVERIFY(m_window->isVisible());
    m_window->hide();
    m_window->bringToFront();
    QVERIFY(m_window->isVisible());
}

// The notifier is quiet while the window is active; a screen reader hears of arrivals through the
// announcer instead: a burst once, the next burst once more, never once per message.
void TestTrayIcon::arrivalsWhileActiveAreAnnouncedOnce()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, false);
    tray->announcer()->setMinIntervalMs(300);
    tray->presentAtLaunch(false);
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->controller()->onMessagesStored();
    addMessage(0, QStringLiteral("one"));
    m_window->controller()->onMessagesStored();
    QTRY_COMPARE(tray->announcer()->announcementCount(), 1);
    QCOMPARE(tray->announcer()->text(), QStringLiteral("New messages: 1 unread"));
    addMessage(1, QStringLiteral("two"));
    m_window->controller()->onMessagesStored();
    addMessage(2, QStringLiteral("three"));
    m_window->controller()->onMessagesStored();
    QTRY_COMPARE(tray->announcer()->text(), QStringLiteral("New messages: 3 unread"));
    QTest::qWait(400);
    QCOMPARE(tray->announcer()->announcementCount(), 2);
}

// QStatusBar paints its passing messages itself: a screen reader hears them through the announcer.
void TestTrayIcon::statusBarMessagesAreAnnounced()
{
    auto *tray = new TrayIcon(m_window.get(), nullptr, false);
    tray->statusAnnouncer()->setMinIntervalMs(0);
    m_window->statusBar()->showMessage(QStringLiteral("Archived 500 messages."), 4000);
    QCOMPARE(tray->statusAnnouncer()->text(), QStringLiteral("Archived 500 messages."));
    m_window->statusBar()->clearMessage(); // Nothing to say when it goes.
    QCOMPARE(tray->statusAnnouncer()->announcementCount(), 1);
}

// The badge takes the palette's selection colours: a theme switched while the app runs repaints it.
void TestTrayIcon::badgeFollowsAPaletteChange()
{
    const QPalette original = QApplication::palette();
    auto *tray = new TrayIcon(m_window.get(), nullptr, true);
    tray->setUnreadCount(4);
    const QImage before = tray->icon()->icon().pixmap(32, 32).toImage();
    QPalette other = original;
    other.setColor(QPalette::Highlight, QColor(0x00, 0x33, 0x00));
    other.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0x00));
    QApplication::setPalette(other);
    QTRY_VERIFY(tray->icon()->icon().pixmap(32, 32).toImage() != before);
    const QImage after = tray->icon()->icon().pixmap(32, 32).toImage();
    QApplication::setPalette(original);
    bool found = false; // The new badge colour is on the icon.
    for (int y = 0; y < after.height() && !found; ++y) {
        for (int x = 0; x < after.width() && !found; ++x)
            found = (after.pixel(x, y) & 0xffffff) == 0x003300;
    }
    QVERIFY(found);
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
