// The Help menu: "Copy Diagnostics" puts the app's diagnostics text on the clipboard and says so;
// "About" is there; the File menu carries the login start.
#include "AutostartAction.h"
#include "DocumentationLink.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "TestInbox.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTimer>
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
    void documentationIsReachable();
    void aboutPointsToTheDocumentation();

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

// Issue 27: Help had no way to the documentation. Help > Documentation (F1) opens the README the
// package installs, or the project's page; when nothing opens it, the window says so.
void TestHelpMenu::documentationIsReachable()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    window.resize(900, 600);
    QList<QUrl> opened;
    bool browser = true;
    window.actions()->documentationLink()->setOpener([&](const QUrl &url) {
        opened.append(url);
        return browser;
    });
    QMenu *help = menu(window, QStringLiteral("&Help"));
    QVERIFY(help);
    QAction *documentation = help->actions().value(0);
    QVERIFY(documentation);
    QCOMPARE(documentation->text(), QStringLiteral("Do&cumentation"));
    QVERIFY(documentation->isVisible() && documentation->isEnabled());
    QCOMPARE(documentation->shortcut(), QKeySequence(Qt::Key_F1));

    const QUrl where = DocumentationLink::location();
    if (QFileInfo(DocumentationLink::installedReadme()).isFile())
        QCOMPARE(where, QUrl::fromLocalFile(DocumentationLink::installedReadme()));
    else
        QCOMPARE(where.scheme(), QStringLiteral("https"));
    QVERIFY(DocumentationLink::installedReadme().endsWith(QStringLiteral("/share/doc/ns-inbox/README.md")));

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QTRY_VERIFY(window.isActiveWindow());
    QTest::keyClick(&window, Qt::Key_F1); // The key, as a user presses it.
    QCOMPARE(opened, QList<QUrl>{where});

    browser = false; // As with no browser or viewer installed.
    QApplication::clipboard()->clear();
    documentation->trigger();
    QCOMPARE(opened.size(), 2);
    const QString said = window.statusBar()->currentMessage();
    QVERIFY2(said.startsWith(QStringLiteral("Nothing opened the documentation")), qPrintable(said));
    QVERIFY(!QApplication::clipboard()->text().isEmpty());
    QVERIFY2(said.endsWith(QApplication::clipboard()->text()), qPrintable(said));
}

void TestHelpMenu::aboutPointsToTheDocumentation()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString text;
    // QMessageBox::about() runs its own loop: read it from inside, and close it.
    QTimer poll;
    poll.setInterval(10);
    connect(&poll, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            poll.stop();
            text = box->text();
            box->accept();
        }
    });
    poll.start();
    window.actions()->about->trigger();
    QVERIFY2(text.contains(QStringLiteral("Help > Documentation (F1)")), qPrintable(text));
    const QUrl where = DocumentationLink::location();
    QVERIFY2(text.contains(where.isLocalFile() ? where.toLocalFile() : where.toString()), qPrintable(text));
}

QTEST_MAIN(TestHelpMenu)
#include "tst_helpmenu.moc"
