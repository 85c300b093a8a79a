// Help > Keyboard Shortcuts (issue 27, item 9) lists every key of the window, read from the actions
// themselves: each action with a shortcut, wherever it sits (menus, toolbar, list), and one added
// later too, so the list cannot go stale. Offscreen.
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListView.h"
#include "ShortcutsDialog.h"
#include "TestInbox.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestShortcutsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyActionWithAShortcutIsListed();
    void anActionAddedLaterIsListed();
    void theHelpMenuOpensIt();

private:
    /// The rows of the dialog as "keys|command".
    static QStringList rowsOf(const ShortcutsDialog &dialog);
    static QString rowFor(const QAction *action);

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestShortcutsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_shortcutsdialog"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestShortcutsDialog::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->addMessages(3));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestShortcutsDialog::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

QStringList TestShortcutsDialog::rowsOf(const ShortcutsDialog &dialog)
{
    QStringList rows;
    for (int row = 0; row < dialog.table()->rowCount(); ++row)
        rows.append(dialog.table()->item(row, 0)->text() + u'|' + dialog.table()->item(row, 1)->text());
    return rows;
}

QString TestShortcutsDialog::rowFor(const QAction *action)
{
    QStringList keys;
    for (const QKeySequence &k : action->shortcuts())
        keys.append(k.toString(QKeySequence::NativeText));
    QString text = action->text();
    text.remove(u'&');
    if (text.endsWith(u"…"_s))
        text.chop(1);
    return keys.join(u", "_s) + u'|' + text;
}

void TestShortcutsDialog::everyActionWithAShortcutIsListed()
{
    // Found here another way than the dialog does: what the window, the list and every menu hold.
    QList<QAction *> all = m_window->QWidget::actions() + m_window->messageList()->actions();
    std::function<void(QMenu *)> walk = [&](QMenu *menu) {
        for (QAction *a : menu->actions()) {
            all.append(a);
            if (a->menu())
                walk(a->menu());
        }
    };
    for (QAction *top : m_window->menuBar()->actions())
        walk(top->menu());
    ShortcutsDialog dialog(m_window.get());
    const QStringList rows = rowsOf(dialog);
    int withKeys = 0;
    for (QAction *a : std::as_const(all)) {
        if (a->shortcuts().isEmpty())
            continue;
        ++withKeys;
        QVERIFY2(rows.contains(rowFor(a)), qPrintable(rowFor(a) + u" not in:\n"_s + rows.join(u'\n')));
    }
    QVERIFY(withKeys > 20);
    // Once each.
    QCOMPARE(QSet<QString>(rows.cbegin(), rows.cend()).size(), rows.size());
    // A few a person looks for, in the platform's words.
    for (const QString &row : {u"N|Next Unread"_s, u"Del|Archive"_s, u"B|Snooze"_s, u"Ctrl+F|Search"_s,
                               u"Ctrl+3|Snoozed"_s, u"Ctrl+/|Keyboard Shortcuts"_s})
        QVERIFY2(rows.contains(row), qPrintable(row + u" not in:\n"_s + rows.join(u'\n')));
    // Where each is in the menus.
    const QList<ShortcutsDialog::Entry> entries = ShortcutsDialog::entriesOf(m_window.get());
    for (const ShortcutsDialog::Entry &e : entries) {
        if (e.action == m_window->actions()->nextUnread)
            QCOMPARE(e.menu, u"Message"_s);
    }
}

void TestShortcutsDialog::anActionAddedLaterIsListed()
{
    auto *later = new QAction(u"Something New"_s, m_window.get());
    later->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_T));
    m_window->addAction(later);
    ShortcutsDialog dialog(m_window.get());
    QVERIFY(rowsOf(dialog).contains(rowFor(later)));
}

void TestShortcutsDialog::theHelpMenuOpensIt()
{
    QMenu *help = nullptr;
    for (QAction *top : m_window->menuBar()->actions())
        help = top->text() == u"&Help"_s ? top->menu() : help;
    QVERIFY(help);
    QAction *open = nullptr;
    for (QAction *a : help->actions())
        open = a->text() == u"&Keyboard Shortcuts"_s ? a : open;
    QVERIFY(open);
    open->trigger();
    auto *dialog = m_window->findChild<ShortcutsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->table()->rowCount() > 20);
    dialog->close();
}

QTEST_MAIN(TestShortcutsDialog)
#include "tst_shortcutsdialog.moc"
