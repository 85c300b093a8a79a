// The first inbox window, offscreen: lists stored messages, shows one, never renders a body as HTML.
#include "InboxActions.h"
#include "MainWindow.h"
#include "SqliteOpenReads.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace ns;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listsNewestFirstAndShowsSelection();
    void liveInsertKeepsSelection();
    void theWindowsConnectionRefusesWrites();
    void unsafeUrlsAreRefused_data();
    void unsafeUrlsAreRefused();

private:
    void addMessage(const QString &subject, const QString &body, const QString &url = {});

    std::unique_ptr<TestInbox> m_inbox;
};

void TestMainWindow::init()
{
    m_inbox = std::make_unique<TestInbox>(); // A file: the window opens its own connections to it.
    QVERIFY(m_inbox->isValid());
}

void TestMainWindow::cleanup()
{
    m_inbox.reset();
}

// Each message a minute newer than the one before, at the next offset.
void TestMainWindow::addMessage(const QString &subject, const QString &body, const QString &url)
{
    Message m = m_inbox->make(subject, body);
    m.referenceUrl = url;
    QVERIFY(m_inbox->add({m}));
}

void TestMainWindow::listsNewestFirstAndShowsSelection()
{
    addMessage(QStringLiteral("Older"), QStringLiteral("first"));
    addMessage(QStringLiteral("<b>Newer</b>"), QStringLiteral("<script>alert('x')</script>"));
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    QAbstractItemModelTester tester(window.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.model()->rowCount(), 2);
    QCOMPARE(window.model()->index(0, MessageListModel::SubjectColumn).data().toString(), QStringLiteral("<b>Newer</b>"));
    QVERIFY(window.windowTitle().startsWith(QLatin1String("(2)")));

    window.messageList()->selectRow(0);
    StoreError readError;
    QTRY_VERIFY(m_inbox->store().messageById(2, &readError)->isRead); // Written by the StoreWriter.
    QTRY_VERIFY(window.windowTitle().startsWith(QLatin1String("(1)")));
    // Markup is shown literally, never interpreted.
    auto *body = window.messageView()->findChild<QPlainTextEdit *>();
    QCOMPARE(body->toPlainText(), QStringLiteral("<script>alert('x')</script>"));
    bool subjectShownLiterally = false;
    for (QLabel *label : window.messageView()->findChildren<QLabel *>())
        subjectShownLiterally |= label->text() == QLatin1String("<b>Newer</b>") && label->textFormat() == Qt::PlainText;
    QVERIFY(subjectShownLiterally);
}

void TestMainWindow::liveInsertKeepsSelection()
{
    addMessage(QStringLiteral("A"), QStringLiteral("a"));
    MainWindow window(&m_inbox->store(), QString());
    QAbstractItemModelTester tester(window.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.messageList()->selectRow(0);
    addMessage(QStringLiteral("B"), QStringLiteral("b"));
    addMessage(QStringLiteral("C"), QStringLiteral("c"));
    window.controller()->onMessagesStored();
    QCOMPARE(window.model()->rowCount(), 3);
    const QModelIndex current = window.messageList()->currentIndex();
    QCOMPARE(current.row(), 2);
    QCOMPARE(current.siblingAtColumn(MessageListModel::SubjectColumn).data().toString(), QStringLiteral("A"));
}

// The window's connection reads only: every change goes through the StoreWriter's thread.
void TestMainWindow::theWindowsConnectionRefusesWrites()
{
    addMessage(QStringLiteral("A"), QStringLiteral("a"));
    MainWindow window(&m_inbox->store(), QString());
    QSqlQuery q(window.index()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM messages")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(!q.exec(QStringLiteral("UPDATE messages SET is_read = 1")));
    QVERIFY2(q.lastError().text().contains(QLatin1String("readonly")), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(QStringLiteral("DELETE FROM messages")));
    StoreError error;
    QVERIFY(!window.index()->setArchived(1, true, &error));
    QCOMPARE(error.kind, StoreError::Kind::ReadOnly);
    // The same change made by the person lands, through the writer.
    QStringList results;
    connect(window.controller()->writer(), &StoreWriter::commandFinished, this, [&](const InboxCommandResult &r) {
        results.append(QStringLiteral("serial %1 kind %2 changed %3 error %4").arg(r.serial).arg(int(r.kind)).arg(r.changed).arg(r.error.text));
    });
    window.messageList()->selectRow(0);
    window.actions()->archive->trigger();
    QCOMPARE(window.model()->rowCount(), 0);
    QVERIFY(window.controller()->writer()->waitForIdle());
    // Nothing of the window's keeps a read open (it would pin the window to a snapshot from before
    // the write: the read below saw the old value 1 run in 3 under load).
    q.finish();
    const QStringList open = SqliteOpenReads::of(window.index()->database());
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QLatin1String(" | "))));
    QVERIFY(q.exec(QStringLiteral("SELECT is_archived FROM messages WHERE id = 1")) && q.next());
    QVERIFY2(q.value(0).toInt() == 1, qPrintable(results.join(QLatin1String("; "))));
}

void TestMainWindow::unsafeUrlsAreRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("opens");
    QTest::newRow("https") << QStringLiteral("https://ns-dev-1.cyberimpact.us/requests/1") << true;
    QTest::newRow("http") << QStringLiteral("http://example.org") << true;
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
    QTest::newRow("data") << QStringLiteral("data:text/html,<script>alert(1)</script>") << false;
    QTest::newRow("custom scheme") << QStringLiteral("steam://run/1") << false;
    QTest::newRow("no host") << QStringLiteral("https:///path") << false;
    QTest::newRow("relative") << QStringLiteral("/requests/1") << false;
    QTest::newRow("malformed") << QStringLiteral("https://exa mple.org") << false;
}

void TestMainWindow::unsafeUrlsAreRefused()
{
    QFETCH(QString, url);
    QFETCH(bool, opens);
    addMessage(QStringLiteral("Link"), QStringLiteral("body"), url);
    MainWindow window(&m_inbox->store(), QString());
    QList<QUrl> opened;
    window.messageView()->setUrlOpener([&](const QUrl &u) { opened.append(u); return true; });
    QSignalSpy refused(window.messageView(), &MessageView::linkRefused);
    window.messageList()->selectRow(0);
    auto *open = window.messageView()->findChild<QPushButton *>();
    QVERIFY(open);
    open->click();
    QCOMPARE(opened.size(), opens ? 1 : 0);
    QCOMPARE(refused.size(), opens ? 0 : 1);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
