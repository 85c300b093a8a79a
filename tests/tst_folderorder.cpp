// Ctrl+1 to Ctrl+6 follow the folder pane (issue 27, item 5): both come from FolderList::order(),
// and this checks what a person sees: the n-th folder in the pane, the n-th in View, Ctrl+n. Offscreen.
#include "FolderList.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "TestInbox.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestFolderOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shortcutsFollowThePane();

private:
    QTemporaryDir m_dir;
};

void TestFolderOrder::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_folderorder"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestFolderOrder::shortcutsFollowThePane()
{
    TestInbox inbox;
    QVERIFY(inbox.addMessages(3));
    MainWindow window(&inbox.store(), u"test"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    FolderList *pane = window.folderList();
    QCOMPARE(pane->count(), 6);
    // What the issue asked for, spelled out, so a reorder of order() alone is noticed too.
    const QStringList expected{u"Inbox"_s, u"Unread"_s, u"Snoozed"_s, u"Archived"_s, u"Inactive"_s, u"All messages"_s};

    QMenu *view = nullptr;
    for (QAction *top : window.menuBar()->actions())
        view = top->text() == u"&View"_s ? top->menu() : view;
    QVERIFY(view);
    QList<QAction *> inView;
    for (QAction *a : view->actions()) {
        if (a->actionGroup() == window.actions()->filters)
            inView.append(a);
    }
    QCOMPARE(inView.size(), 6);

    for (int row = 0; row < pane->count(); ++row) {
        const auto filter = static_cast<InboxFilter>(pane->item(row)->data(Qt::UserRole).toInt());
        QCOMPARE(pane->item(row)->text().section(u"  "_s, 0, 0), expected.at(row));
        QAction *action = window.actions()->filterAction(filter);
        QVERIFY(action);
        const QKeySequence key(Qt::CTRL | Qt::Key(Qt::Key_1 + row));
        QCOMPARE(action->shortcut(), key);
        QCOMPARE(inView.at(row), action); // View lists them in the pane's order.
        // And the key does it: the pane's row becomes current, the list shows that folder.
        QTest::keyClick(window.messageList(), Qt::Key(Qt::Key_1 + row), Qt::ControlModifier);
        QCOMPARE(window.model()->spec().filter, filter);
        QCOMPARE(pane->currentRow(), row);
    }
}

QTEST_MAIN(TestFolderOrder)
#include "tst_folderorder.moc"
