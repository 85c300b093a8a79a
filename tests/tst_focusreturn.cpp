// Focus is not stranded in the search field (issue 27, item 6): after Esc clears a search, or a
// dialog closes over an empty field, N and the other one-key shortcuts act instead of typing into
// it. A search being typed keeps its focus across a dialog. Offscreen.
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "SearchBar.h"
#include "TestInbox.h"

#include <QDialog>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestFocusReturn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theListHasTheKeysAtStart();
    void escapeClearsAndGivesTheKeysBack();
    void aClosedDialogGivesTheKeysBack();
    void aSearchBeingTypedKeepsItsFocus();

private:
    void pressN();
    /// Opens a dialog over the window and closes it again, as Settings or Snooze do.
    void openAndCloseADialog();

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestFocusReturn::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_focusreturn"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestFocusReturn::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->addMessages(10)); // All unread.
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestFocusReturn::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestFocusReturn::pressN()
{
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get(), Qt::Key_N);
}

void TestFocusReturn::openAndCloseADialog()
{
    QDialog dialog(m_window.get());
    auto *field = new QLineEdit(&dialog); // The dialog takes the keys while it is open.
    field->setFocus();
    dialog.open();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTRY_COMPARE(QApplication::focusWidget(), field);
    dialog.reject();
    // The window manager gives the window back its activation (the offscreen platform does not).
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestFocusReturn::theListHasTheKeysAtStart()
{
    QCOMPARE(QApplication::focusWidget(), m_window->messageList());
    pressN();
    QCOMPARE(m_window->messageList()->currentMessageId(), 10); // The first unread, newest first.
    QVERIFY(m_window->searchBar()->text().isEmpty());
}

void TestFocusReturn::escapeClearsAndGivesTheKeysBack()
{
    SearchBar *search = m_window->searchBar();
    m_window->actions()->find->trigger();
    QCOMPARE(QApplication::focusWidget(), search);
    QTest::keyClicks(search, u"Message 0"_s);
    QTRY_COMPARE(m_window->model()->spec().searchText, u"Message 0"_s);
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QCOMPARE(QApplication::focusWidget(), m_window->messageList());
    pressN();
    QVERIFY(search->text().isEmpty()); // Not "n"...
    QCOMPARE(m_window->messageList()->currentMessageId(), 10); // ...but the next unread.
    QTRY_COMPARE(m_window->model()->spec().searchText, QString());
    QCOMPARE(m_window->model()->rowCount(), 10);
}

void TestFocusReturn::aClosedDialogGivesTheKeysBack()
{
    SearchBar *search = m_window->searchBar();
    m_window->actions()->find->trigger(); // The field focused, and empty.
    QCOMPARE(QApplication::focusWidget(), search);
    openAndCloseADialog();
    QTRY_COMPARE(QApplication::focusWidget(), m_window->messageList());
    pressN();
    QVERIFY(search->text().isEmpty());
    QCOMPARE(m_window->messageList()->currentMessageId(), 10);
}

void TestFocusReturn::aSearchBeingTypedKeepsItsFocus()
{
    SearchBar *search = m_window->searchBar();
    m_window->actions()->find->trigger();
    QTest::keyClicks(search, u"Mess"_s);
    openAndCloseADialog();
    QTRY_COMPARE(QApplication::focusWidget(), search);
    QCoreApplication::processEvents(); // What was queued on the way back has run: the field keeps the focus.
    QCOMPARE(QApplication::focusWidget(), search);
    QTest::keyClick(search, Qt::Key_N);
    QCOMPARE(search->text(), u"Messn"_s); // Typing goes on.
}

QTEST_MAIN(TestFocusReturn)
#include "tst_focusreturn.moc"
