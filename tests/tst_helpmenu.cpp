// The Help menu: "Copy Diagnostics" puts the app's diagnostics text on the clipboard and says so;
// "About" is there; the File menu carries the login start.
#include "AutostartAction.h"
#include "MainWindow.h"
#include "TestInbox.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

class TestHelpMenu : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void copyDiagnosticsFillsTheClipboard();
    void menusHoldAboutAndLoginStart();

private:
    QMenu *menu(MainWindow &window, const QString &title) const;

    QTemporaryDir m_config;
    std::unique_ptr<TestInbox> m_inbox;
};

void TestHelpMenu::init()
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path())); // The login start reads it.
    m_inbox = std::make_unique<TestInbox>(); // A file: the window opens its own connections to it.
    QVERIFY(m_inbox->isValid());
}

void TestHelpMenu::cleanup()
{
    m_inbox.reset();
}

QMenu *TestHelpMenu::menu(MainWindow &window, const QString &title) const
{
    for (QAction *action : window.menuBar()->actions()) {
        if (action->menu() && action->text() == title)
            return action->menu();
    }
    return nullptr;
}

void TestHelpMenu::copyDiagnosticsFillsTheClipboard()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    int built = 0;
    window.setDiagnosticsSource([&built] {
        ++built;
        return QStringLiteral("NS Inbox diagnostics\nstate: connected\n");
    });
    QApplication::clipboard()->clear();
    QMenu *help = menu(window, QStringLiteral("&Help"));
    QVERIFY(help);
    QAction *copy = nullptr;
    for (QAction *action : help->actions())
        copy = action->text() == QLatin1String("Copy &Diagnostics") ? action : copy;
    QVERIFY(copy);
    copy->trigger();
    QCOMPARE(built, 1); // Built when asked, so it holds the state of that moment.
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("NS Inbox diagnostics\nstate: connected\n"));
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Diagnostics copied to the clipboard."));
}

void TestHelpMenu::menusHoldAboutAndLoginStart()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    QMenu *help = menu(window, QStringLiteral("&Help"));
    QVERIFY(help);
    bool about = false;
    for (QAction *action : help->actions())
        about |= action->menuRole() == QAction::AboutRole && action->text() == QLatin1String("&About NS Inbox");
    QVERIFY(about);
    // The login start sits in the File menu, before Quit.
    QMenu *file = menu(window, QStringLiteral("&File"));
    QVERIFY(file);
    auto *autostart = file->findChild<AutostartAction *>();
    QVERIFY(autostart);
    const QList<QAction *> actions = file->actions();
    QVERIFY(actions.indexOf(autostart) >= 0 && actions.indexOf(autostart) < actions.size() - 1);
    QCOMPARE(actions.constLast()->text(), QStringLiteral("&Quit"));
}

QTEST_MAIN(TestHelpMenu)
#include "tst_helpmenu.moc"
