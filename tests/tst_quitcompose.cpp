// Quitting does not lose an unsent message without a word (issue 27): File > Quit (Ctrl+Q) and
// closing the main window, with a compose dialog holding text, ask the compose dialog's own question
// (Discard / Keep Editing); Keep Editing cancels the quit, Discard goes on with it. Offscreen.
#include "ComposeActions.h"
#include "ComposeDialog.h"
#include "FakeProducer.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListView.h"
#include "OutboxService.h"
#include "TestInbox.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestQuitCompose : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void quitAsksAndKeepEditingCancelsIt();
    void quitAsksAndDiscardQuits();
    void closingTheWindowAsksToo();
    void anEmptyMessageDoesNotAsk();

private:
    /// A compose dialog, shown, with `subject` typed in.
    ComposeDialog *compose(const QString &subject);
    /// Answers the next question with the button of `role`; the question's text lands in `asked`.
    void answerNextQuestion(QMessageBox::ButtonRole role, QString *asked);

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::shared_ptr<test::FakeKafka> m_kafka;
    std::unique_ptr<OutboxService> m_outbox;
    std::unique_ptr<MainWindow> m_window;
    ComposeActions *m_compose = nullptr;
    QPointer<QTimer> m_answerer;
};

void TestQuitCompose::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_quitcompose"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestQuitCompose::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    m_kafka = std::make_shared<test::FakeKafka>();
    m_kafka->databasePath = m_inbox->path();
    auto kafka = m_kafka;
    m_outbox = std::make_unique<OutboxService>(m_inbox->path(), [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->resize(900, 600);
    m_compose = new ComposeActions(m_outbox.get(), m_inbox->database(), u"Ops Team"_s, m_window.get());
    // As the app wires it (WindowSession).
    m_window->setQuitGuard([compose = m_compose] { return compose->discardOpenMessagesForQuit(); });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestQuitCompose::cleanup()
{
    delete m_answerer.data();
    m_window.reset();
    m_outbox.reset();
    m_inbox.reset();
}

ComposeDialog *TestQuitCompose::compose(const QString &subject)
{
    ComposeDialog *dialog = m_compose->newMessage();
    if (!QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    dialog->subjectEdit()->setText(subject);
    return dialog;
}

void TestQuitCompose::answerNextQuestion(QMessageBox::ButtonRole role, QString *asked)
{
    // The question runs its own event loop: answer it from inside, once it is up.
    delete m_answerer.data();
    auto *timer = new QTimer(this);
    timer->setInterval(10);
    connect(timer, &QTimer::timeout, this, [timer, role, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        timer->stop();
        *asked = box->text();
        for (QAbstractButton *b : box->buttons()) {
            if (box->buttonRole(b) == role) {
                b->click();
                break;
            }
        }
    });
    timer->start();
    m_answerer = timer;
}

void TestQuitCompose::quitAsksAndKeepEditingCancelsIt()
{
    QPointer<ComposeDialog> dialog = compose(u"Rotation change"_s);
    QVERIFY(dialog);
    QSignalSpy quit(m_window.get(), &MainWindow::quitRequested);
    QString asked;
    answerNextQuestion(QMessageBox::RejectRole, &asked);
    m_window->actions()->quit->trigger();
    QCOMPARE(asked, u"Discard this message?"_s);
    QCOMPARE(quit.count(), 0);
    QVERIFY(m_window->isVisible());
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->subjectEdit()->text(), u"Rotation change"_s);
}

void TestQuitCompose::quitAsksAndDiscardQuits()
{
    QPointer<ComposeDialog> dialog = compose(u"Rotation change"_s);
    QVERIFY(dialog);
    QSignalSpy quit(m_window.get(), &MainWindow::quitRequested);
    QString asked;
    answerNextQuestion(QMessageBox::DestructiveRole, &asked);
    m_window->activateWindow(); // Ctrl+Q in the main window, the message left open behind it.
    QTRY_VERIFY(m_window->isActiveWindow());
    m_window->messageList()->setFocus();
    QTest::keyClick(m_window->messageList(), Qt::Key_Q, Qt::ControlModifier);
    QCOMPARE(asked, u"Discard this message?"_s);
    QCOMPARE(quit.count(), 1);
    QTRY_VERIFY(!dialog);
}

void TestQuitCompose::closingTheWindowAsksToo()
{
    QPointer<ComposeDialog> dialog = compose(u"Rotation change"_s);
    QVERIFY(dialog);
    QString asked;
    answerNextQuestion(QMessageBox::RejectRole, &asked);
    QVERIFY(!m_window->close());
    QCOMPARE(asked, u"Discard this message?"_s);
    QVERIFY(m_window->isVisible());
    QVERIFY(dialog && dialog->isVisible());
}

void TestQuitCompose::anEmptyMessageDoesNotAsk()
{
    QPointer<ComposeDialog> dialog = compose(QString());
    QVERIFY(dialog);
    QSignalSpy quit(m_window.get(), &MainWindow::quitRequested);
    QString asked;
    answerNextQuestion(QMessageBox::RejectRole, &asked);
    m_window->actions()->quit->trigger();
    QCOMPARE(quit.count(), 1);
    QVERIFY(asked.isEmpty());
}

QTEST_MAIN(TestQuitCompose)
#include "tst_quitcompose.moc"
