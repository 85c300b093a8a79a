// Open link and Open Message always show something (issue 27, item 7): with no browser to open a
// link (the desktop's opener fails), the window says so and puts the link on the clipboard; Open
// Message (Return) moves the keys to the message's text and says so, also for a message read
// already. Offscreen; the desktop's opener is replaced by one that fails, as with no browser.
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "TestInbox.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestOpenMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void noBrowserSaysSoAndCopiesTheLink();
    void aBrowserThatOpensItSaysNothing();
    void openMessageMovesTheKeysToTheText();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
    QList<QUrl> m_opened;
    bool m_browser = false; ///< Whether the fake desktop opener succeeds.
};

void TestOpenMessage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_openmessage"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestOpenMessage::init()
{
    QSettings().clear();
    m_opened.clear();
    m_browser = false;
    m_inbox = std::make_unique<TestInbox>();
    Message linked = m_inbox->make(u"Maintenance window"_s, u"The gateway restarts at 22:00."_s);
    linked.referenceUrl = u"https://status.example.com/incidents/42"_s;
    QVERIFY(m_inbox->add({linked}));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->resize(1000, 700);
    // As QDesktopServices::openUrl() answers when no browser is installed: false.
    m_window->messageView()->setUrlOpener([this](const QUrl &url) {
        m_opened.append(url);
        return m_browser;
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    m_window->messageList()->setFocus();
    m_window->messageList()->selectRow(0);
    QCOMPARE(m_window->messageView()->subject(), u"Maintenance window"_s);
}

void TestOpenMessage::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestOpenMessage::noBrowserSaysSoAndCopiesTheLink()
{
    QApplication::clipboard()->clear();
    QVERIFY(m_window->actions()->openLink->isEnabled());
    m_window->actions()->openLink->trigger();
    QCOMPARE(m_opened, QList<QUrl>{QUrl(u"https://status.example.com/incidents/42"_s)});
    const QString said = m_window->statusBar()->currentMessage();
    QVERIFY2(said.startsWith(u"No browser opened the link. It was copied to the clipboard"_s), qPrintable(said));
    QVERIFY2(said.contains(u"status.example.com/incidents/42"_s), qPrintable(said));
    QCOMPARE(QApplication::clipboard()->text(), u"https://status.example.com/incidents/42"_s);
}

void TestOpenMessage::aBrowserThatOpensItSaysNothing()
{
    m_browser = true;
    m_window->statusBar()->clearMessage();
    m_window->actions()->openLink->trigger();
    QCOMPARE(m_opened.size(), 1);
    QVERIFY2(m_window->statusBar()->currentMessage().isEmpty(), qPrintable(m_window->statusBar()->currentMessage()));
}

void TestOpenMessage::openMessageMovesTheKeysToTheText()
{
    for (int time = 0; time < 2; ++time) { // The second time the message is read already.
        m_window->messageList()->setFocus();
        m_window->statusBar()->clearMessage();
        QTest::keyClick(m_window->messageList(), Qt::Key_Return);
        auto *body = qobject_cast<QPlainTextEdit *>(QApplication::focusWidget());
        QVERIFY2(body && m_window->messageView()->isAncestorOf(body), "the keys are in the message's text");
        QCOMPARE(body->toPlainText(), u"The gateway restarts at 22:00."_s);
        QCOMPARE(body->textCursor().position(), 0);
        const QString said = m_window->statusBar()->currentMessage();
        QVERIFY2(said.startsWith(u"Reading “Maintenance window”"_s), qPrintable(said));
        QVERIFY2(said.contains(u"Ctrl+Return"_s), qPrintable(said));
    }
}

QTEST_MAIN(TestOpenMessage)
#include "tst_openmessage.moc"
