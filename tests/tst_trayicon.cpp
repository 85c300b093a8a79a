// `--minimized` and the tray: hidden in the tray when there is one, minimized otherwise; the tray brings
// the window back, closing the window returns it to the tray; bringToFront() undoes both.
#include "Database.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageStore.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace ns;

class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void normalLaunchShowsTheWindow();
    void minimizedWithoutTrayMinimizes();
    void minimizedWithTrayHidesInTheTray();
    void bringToFrontUndoesMinimized();

private:
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<MainWindow> m_window;
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
    m_db = Database::open(QStringLiteral(":memory:"), m_connection, &error);
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

void TestTrayIcon::normalLaunchShowsTheWindow()
{
    QCOMPARE(TrayIcon::presentAtLaunch(m_window.get(), false, true), nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_window->isMinimized());
}

void TestTrayIcon::minimizedWithoutTrayMinimizes()
{
    QCOMPARE(TrayIcon::presentAtLaunch(m_window.get(), true, false), nullptr);
    QVERIFY(m_window->isVisible());
    QTRY_VERIFY(m_window->isMinimized());
    QVERIFY(QApplication::quitOnLastWindowClosed());
}

void TestTrayIcon::minimizedWithTrayHidesInTheTray()
{
    TrayIcon *tray = TrayIcon::presentAtLaunch(m_window.get(), true, true);
    QVERIFY(tray);
    QVERIFY(tray->isVisible());
    QVERIFY(m_window->isHidden());
    QVERIFY(!QApplication::quitOnLastWindowClosed());
    QCOMPARE(tray->toolTip(), m_window->windowTitle());

    // "Show NS Inbox" in the tray's menu.
    QAction *show = tray->contextMenu()->actions().constFirst();
    show->trigger();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_window->isMinimized());

    // Closing the window puts it back in the tray instead of ending the app.
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isHidden());
    QVERIFY(tray->isVisible());

    // A click on the icon brings it back, a second one hides it again.
    Q_EMIT tray->activated(QSystemTrayIcon::Trigger);
    QVERIFY(m_window->isVisible());
    Q_EMIT tray->activated(QSystemTrayIcon::Trigger);
    QVERIFY(m_window->isHidden());

    // File > Quit ends the app even while closing the window would only hide it in the tray.
    QSignalSpy quit(m_window.get(), &MainWindow::quitRequested);
    m_window->actions()->quit->trigger();
    QCOMPARE(quit.count(), 1);
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

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
