// No menu offers one command twice (issue 27: in Archived the Message menu showed "Move to Inbox"
// twice, the relabelled Archive and the Move action). In every folder, with a message of that folder
// selected, the menu bar's menus and the list's context menu show no two visible, enabled items with
// the same words. Offscreen.
#include "FolderList.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "TestInbox.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

// What the user reads: without the accelerator's "&" or a trailing "…", case aside.
QString words(const QAction *action)
{
    QString text = action->text();
    text.remove(QRegularExpression(u"&(?!&)"_s));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    return text.trimmed().toLower();
}

// "menu: "text" twice" for each text shown more than once among the visible, enabled items of `menu`.
QStringList repeatedItems(const QMenu *menu, const QString &where)
{
    QStringList problems;
    QHash<QString, int> seen;
    for (QAction *a : menu->actions()) {
        if (a->isSeparator() || !a->isVisible() || !a->isEnabled())
            continue;
        if (++seen[words(a)] == 2)
            problems << u"%1: \"%2\" twice"_s.arg(where, a->text());
        if (a->menu())
            problems << repeatedItems(a->menu(), where + u" > "_s + a->text());
    }
    return problems;
}

} // namespace

class TestMenuDuplicates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void findsARepeatedItem();
    void noFolderShowsACommandTwice_data();
    void noFolderShowsACommandTwice();

private:
    QStringList contextMenuProblems(const QString &where);

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestMenuDuplicates::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_menuduplicates"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestMenuDuplicates::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestMenuDuplicates::findsARepeatedItem()
{
    QMenu menu;
    menu.addAction(u"&Archive"_s);
    menu.addAction(u"Move to &Inbox"_s);
    QVERIFY(repeatedItems(&menu, u"m"_s).isEmpty());
    menu.addAction(u"&Move to Inbox"_s);
    QCOMPARE(repeatedItems(&menu, u"m"_s), QStringList{u"m: \"&Move to Inbox\" twice"_s});
    menu.actions().constLast()->setEnabled(false); // A greyed item is not offered.
    QVERIFY(repeatedItems(&menu, u"m"_s).isEmpty());
}

void TestMenuDuplicates::noFolderShowsACommandTwice_data()
{
    QTest::addColumn<int>("filter");
    for (InboxFilter f : FolderList::order())
        QTest::newRow(qPrintable(inboxFilterName(f))) << int(f);
}

// The context menu runs its own loop (exec): read it while it is open, then close it.
QStringList TestMenuDuplicates::contextMenuProblems(const QString &where)
{
    MessageListView *list = m_window->messageList();
    const QRect cell = list->visualRect(list->model()->index(0, MessageListModel::SubjectColumn));
    QStringList problems;
    bool opened = false;
    QTimer::singleShot(0, this, [&] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            opened = true;
            problems = repeatedItems(menu, where);
            menu->close();
        }
    });
    Q_EMIT list->customContextMenuRequested(cell.center());
    if (!opened)
        problems << where + u": the context menu did not open"_s;
    return problems;
}

void TestMenuDuplicates::noFolderShowsACommandTwice()
{
    QFETCH(int, filter);
    const auto folder = InboxFilter(filter);
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    // A message for every folder: read, unread, archived, snoozed, and one no longer active.
    QVector<Message> messages;
    for (const QString &subject : {u"Unread"_s, u"Read"_s, u"Archived"_s, u"Snoozed"_s, u"Inactive"_s})
        messages.append(m_inbox->make(subject));
    messages.last().isActive = false;
    QVERIFY(m_inbox->add(messages));
    QVERIFY(m_inbox->setState(m_inbox->idOfSubject(u"Read"_s), true, false));
    QVERIFY(m_inbox->setState(m_inbox->idOfSubject(u"Archived"_s), true, true));
    StoreError error;
    QVERIFY(MessageIndex(m_inbox->database())
                .setSnoozed(m_inbox->idOfSubject(u"Snoozed"_s), QDateTime::currentDateTime().addDays(2).toMSecsSinceEpoch(), &error));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    m_window->actions()->filterAction(folder)->trigger();
    QTRY_VERIFY2(m_window->model()->rowCount() > 0, "every folder has a message");
    m_window->messageList()->selectRow(0);
    const QString where = inboxFilterName(folder);
    QStringList problems;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->menu()) {
            Q_EMIT menu->menu()->aboutToShow(); // As when opened: menus that fill themselves do it now.
            problems << repeatedItems(menu->menu(), where + u": "_s + menu->text());
        }
    }
    problems << contextMenuProblems(where + u": context menu"_s);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_MAIN(TestMenuDuplicates)
#include "tst_menuduplicates.moc"
