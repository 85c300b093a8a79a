// Store reads that fail for real (a table dropped by another connection, a damaged index page in
// the file): the error arrives once, with its kind, and nothing shows as "0 matches" or an empty
// inbox or a row at the top.
#include "ComposeActions.h"
#include "Database.h"
#include "ExportJob.h"
#include "FakeProducer.h"
#include "InboxActions.h"
#include "InboxRows.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "NoticeBar.h"
#include "OutboxModel.h"
#include "OutboxService.h"
#include "RejectedMessagesDialog.h"
#include "RejectedMessagesModel.h"
#include "SentDialog.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMutex>
#include <QPushButton>
#include <QTableView>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

// Warnings of the store's log category, to count what reached the log (the outbox worker logs
// from its own thread, hence the lock).
QMutex g_storeWarningsLock;
QStringList g_storeWarnings;
QtMessageHandler g_previousHandler = nullptr;

void countStoreWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && context.category && QByteArray(context.category) == "ns.store") {
        const QMutexLocker lock(&g_storeWarningsLock);
        g_storeWarnings.append(message);
    }
    g_previousHandler(type, context, message);
}

/// The store warnings logged so far that contain `needle`.
QStringList storeWarnings(const QString &needle)
{
    const QMutexLocker lock(&g_storeWarningsLock);
    return g_storeWarnings.filter(needle);
}

} // namespace

class TestStoreFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void indexReadsCarryTheirError();
    void aFailedSearchIsNotZeroMatches();
    void aDamagedIndexPutsNoRowAtTheTop();
    void aFailedSnapshotIsNotAnEmptyInbox();
    void anExportThatCannotReadFails();
    void aMessageThatCannotBeReadIsSaidSo();
    void nextUnreadThatCannotReadSaysSo();
    void rejectedRecordsThatCannotBeReadAreNotNone();
    void aSentViewThatCannotReadSaysSo();
    void theOutboxWorkerTellsAFailedResume();

private:
    /// Runs `sql` on a second connection to the same file, as another program would.
    bool execElsewhere(const QString &sql);
    /// Closes every connection and overwrites the root page of `index` in the file with garbage.
    bool damageIndex(const QString &index);
    std::unique_ptr<MainWindow> openWindow();
    static QLabel *countLabel(MainWindow *window);

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<TestInbox> m_inbox;
};

void TestStoreFailures::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_storefailures"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    g_previousHandler = qInstallMessageHandler(countStoreWarnings);
}

void TestStoreFailures::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
}

void TestStoreFailures::init()
{
    QSettings().clear();
    {
        const QMutexLocker lock(&g_storeWarningsLock);
        g_storeWarnings.clear();
    }
    static int n = 0;
    m_path = m_dir.filePath(u"f%1.sqlite"_s.arg(n++));
    m_inbox = std::make_unique<TestInbox>(m_path);
    QVERIFY(m_inbox->isValid());
    QVector<Message> batch;
    // More than a window, so that a deep row is found by counting.
    for (int i = 0; i < 600; ++i)
        batch << m_inbox->make(u"Message %1"_s.arg(i), i % 3 == 0 ? u"the quarterly report"_s : u"plain"_s);
    QVERIFY(m_inbox->add(batch));
}

void TestStoreFailures::cleanup()
{
    m_inbox.reset();
}

bool TestStoreFailures::execElsewhere(const QString &sql)
{
    const QString name = Database::uniqueConnectionName(u"elsewhere"_s);
    bool ok = false;
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        other.setDatabaseName(m_path);
        QSqlQuery q(other);
        ok = other.open() && q.exec(sql);
        if (!ok)
            qWarning() << sql << q.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool TestStoreFailures::damageIndex(const QString &index)
{
    qint64 rootPage = 0;
    qint64 pageSize = 0;
    {
        QSqlQuery q(m_inbox->database());
        if (!q.exec(u"SELECT rootpage FROM sqlite_master WHERE name = '%1'"_s.arg(index)) || !q.next())
            return false;
        rootPage = q.value(0).toLongLong();
        if (!q.exec(u"PRAGMA page_size"_s) || !q.next())
            return false;
        pageSize = q.value(0).toLongLong();
    }
    // The last connection to close checkpoints the WAL into the file and removes it, so the page
    // written below is the one every new connection reads.
    m_inbox.reset();
    if (QFile::exists(m_path + u"-wal"_s))
        return false;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadWrite) || !file.seek((rootPage - 1) * pageSize))
        return false;
    return file.write(QByteArray(static_cast<int>(pageSize), '\xff')) == pageSize;
}

std::unique_ptr<MainWindow> TestStoreFailures::openWindow()
{
    auto window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return {};
    return window;
}

QLabel *TestStoreFailures::countLabel(MainWindow *window)
{
    // The count is the status bar's label that names messages or matches.
    for (QLabel *label : window->statusBar()->findChildren<QLabel *>()) {
        const QString text = label->text();
        if (text.contains(u"message"_s) || text.contains(u"match"_s) || text.contains(u"failed"_s)
            || text.contains(u"readable"_s))
            return label;
    }
    return nullptr;
}

void TestStoreFailures::indexReadsCarryTheirError()
{
    MessageIndex index(m_inbox->database());
    StoreError error;
    QCOMPARE(index.counts(&error)[static_cast<size_t>(MessageBucket::of(true, false, false))], 600);
    QVERIFY(!error.isError());
    QCOMPARE(index.unreadCount(&error), 600);

    QVERIFY(execElsewhere(u"DROP TABLE message_counts"_s));
    QCOMPARE(index.unreadCount(&error), -1); // Not 0: nothing was counted.
    QCOMPARE(error.kind, StoreError::Kind::Other);
    QVERIFY2(error.text.contains(u"message_counts"_s), qPrintable(error.text));
    index.snapshot(&error);
    QCOMPARE(error.kind, StoreError::Kind::Other);
    // A read that works clears the error.
    QCOMPARE(index.rows({1, 2}, &error).size(), 2);
    QVERIFY(!error.isError());
}

// The search index dropped by another program: the search fails, and the window says so once
// instead of "0 matches".
void TestStoreFailures::aFailedSearchIsNotZeroMatches()
{
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    MessageListModel *model = window->model();
    QSignalSpy failed(model, &MessageListModel::storeFailed);
    model->setSearchText(u"quarterly"_s);
    while (model->canFetchMore()) // Read by pages (SearchPager), as the list scrolled to its end.
        model->fetchMore();
    QCOMPARE(model->rowCount(), 200);
    QVERIFY(failed.isEmpty());
    model->setSearchText({});

    QVERIFY(execElsewhere(u"DROP TABLE messages_fts"_s));
    model->setSearchText(u"quarterly"_s);
    QCOMPARE(failed.count(), 1);
    const auto error = failed.first().first().value<StoreError>();
    QCOMPARE(error.kind, StoreError::Kind::Other);
    QVERIFY2(error.text.contains(u"messages_fts"_s), qPrintable(error.text));
    QCOMPARE(model->failure().kind, StoreError::Kind::Other);
    QTRY_VERIFY(window->noticeBar()->text().contains(u"messages_fts"_s));
    QLabel *count = countLabel(window.get());
    QVERIFY(count);
    QCOMPARE(count->text(), u"Search failed"_s);
    // Painting and asking again reads nothing new and tells nothing twice.
    window->repaint();
    QCOMPARE(model->rowOfMessage(3), -1);
    QCoreApplication::processEvents();
    QCOMPARE(failed.count(), 1);
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
    QVERIFY2(storeWarnings(u"store failure"_s).first().contains(u"(other)"_s),
             qPrintable(g_storeWarnings.join(u'\n')));
}

// A damaged page of the date index: the rows cannot be read, and a message's place is not made
// up from a count that failed (row 0 of a message that is not at the top).
void TestStoreFailures::aDamagedIndexPutsNoRowAtTheTop()
{
    // An id deep in the list (newest first: id 1 is the last row).
    QVERIFY(damageIndex(u"messages_view_date"_s));
    m_inbox = std::make_unique<TestInbox>(m_path);
    QVERIFY(m_inbox->isValid());
    MessageIndex index(m_inbox->database());
    int told = 0;
    StoreError told1;
    InboxRows rows(&index, {InboxFilter::Inbox, {}, {}}, [&](const StoreError &e) {
        ++told;
        told1 = e;
    });
    // The counts are their own table: the size is known, the rows are not readable.
    QCOMPARE(rows.count(), 600);
    QCOMPARE(told, 0);
    QVERIFY(!rows.row(0));
    QCOMPARE(told, 1);
    QCOMPARE(told1.kind, StoreError::Kind::Corrupt);
    QCOMPARE(rows.rowOf(1), -1);
    // Not "no unread message": the search for one failed.
    StoreError unreadError;
    QCOMPARE(rows.nextUnread(-1, true, &unreadError), -1);
    QCOMPARE(unreadError.kind, StoreError::Kind::Corrupt);
    for (int i = 0; i < 10; ++i)
        QVERIFY(!rows.row(i * 50));
    QCOMPARE(told, 1);
    QCOMPARE(rows.failure().kind, StoreError::Kind::Corrupt);
    // Marking a row read that could not be read says why, not "no longer there".
    StoreError error;
    QVERIFY(!rows.setRead(0, true, &error));
    QCOMPARE(error.kind, StoreError::Kind::Corrupt);

    // The window shows it once, with its kind.
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    QTRY_VERIFY(window->noticeBar()->text().contains(u"damaged"_s));
    QCOMPARE(window->model()->rowCount(), 600);
    QCOMPARE(window->model()->rowOfMessage(1), -1);
    QCOMPARE(countLabel(window.get())->text(), u"Messages not readable"_s);
    window->repaint();
    QCoreApplication::processEvents();
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
    QVERIFY2(storeWarnings(u"store failure"_s).first().contains(u"(corrupt)"_s),
             qPrintable(g_storeWarnings.join(u'\n')));
}

// The counts table gone: the window does not say "0 messages" for an inbox of 600.
void TestStoreFailures::aFailedSnapshotIsNotAnEmptyInbox()
{
    QVERIFY(execElsewhere(u"DROP TABLE message_counts"_s));
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    QCOMPARE(window->model()->failure().kind, StoreError::Kind::Other);
    QTRY_VERIFY(window->noticeBar()->text().contains(u"message_counts"_s));
    QCOMPARE(countLabel(window.get())->text(), u"Messages not readable"_s);
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
    // Refreshing (new messages stored) meets the same failure and does not repeat it.
    QSignalSpy shown(window.get(), &MainWindow::arrivalsShown);
    BatchResult stored;
    stored.inserted = 1;
    window->controller()->onMessagesStored(stored);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10'000);
    QCoreApplication::processEvents();
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
    QCOMPARE(countLabel(window.get())->text(), u"Messages not readable"_s);
}

void TestStoreFailures::anExportThatCannotReadFails()
{
    QVERIFY(damageIndex(u"messages_view_date"_s));
    qint64 count = -1;
    QString error;
    const QString out = m_dir.filePath(u"export.csv"_s);
    QVERIFY(!ExportJob::run(m_path, {InboxFilter::All, {}, {}}, MessageExporter::Format::Csv, out, &count, &error));
    QVERIFY2(error.contains(u"malformed"_s), qPrintable(error));
    QVERIFY(!QFile::exists(out)); // No shorter file left as if it were the export.
}

// The messages table gone once the list was shown: selecting a row says the message could not be
// read (not an empty pane), leaves it unread, and the notice bar tells why, once.
void TestStoreFailures::aMessageThatCannotBeReadIsSaidSo()
{
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    MessageListModel *model = window->model();
    QCOMPARE(model->rowCount(), 600);
    QVERIFY(model->messageIdAt(1) > 0); // The first window is read while it is readable.
    QVERIFY(!model->index(1, 0).data(MessageListModel::IsReadRole).toBool());

    QVERIFY(execElsewhere(u"DROP TABLE messages"_s));
    window->messageList()->selectRow(1);
    MessageView *view = window->messageView();
    QStringList shown;
    for (QLabel *label : view->findChildren<QLabel *>())
        shown << label->text();
    QVERIFY2(shown.contains(u"This message could not be read."_s), qPrintable(shown.join(u'|')));
    QVERIFY2(!shown.filter(u"no such table: messages"_s).isEmpty(), qPrintable(shown.join(u'|')));
    QCOMPARE(view->messageId(), 0);
    // Not shown, so not opened.
    QVERIFY(!model->index(1, 0).data(MessageListModel::IsReadRole).toBool());
    QVERIFY(window->noticeBar()->text().contains(u"no such table: messages"_s));
    // Opening it again meets the same failure and does not tell it twice.
    window->actions()->open->trigger();
    QCoreApplication::processEvents();
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
    QVERIFY2(storeWarnings(u"store failure"_s).first().contains(u"(other)"_s), qPrintable(g_storeWarnings.join(u'\n')));
}

// "Next unread" whose search fails says the inbox could not be read, not that none is below.
void TestStoreFailures::nextUnreadThatCannotReadSaysSo()
{
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    window->actions()->nextUnread->trigger();
    QCOMPARE(window->messageList()->currentIndex().row(), 0); // Readable: it goes to the first.
    QVERIFY(window->controller()->writer()->waitForIdle()); // Opened: marked read, before the table goes.

    QVERIFY(execElsewhere(u"DROP TABLE messages"_s));
    window->statusBar()->clearMessage();
    window->actions()->nextUnread->trigger();
    QCOMPARE(window->statusBar()->currentMessage(), u"The inbox could not be read to find an unread message."_s);
    QVERIFY(window->noticeBar()->text().contains(u"no such table: messages"_s));
    window->statusBar()->clearMessage();
    window->actions()->previousUnread->trigger();
    QCOMPARE(window->statusBar()->currentMessage(), u"The inbox could not be read to find an unread message."_s);
    QCoreApplication::processEvents();
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
}

// The rejected records gone: the dialog says they could not be read, not "No record has been
// rejected", and the notice bar says why, once.
void TestStoreFailures::rejectedRecordsThatCannotBeReadAreNotNone()
{
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    const auto openDialog = [&]() -> RejectedMessagesDialog * {
        window->actions()->rejected->trigger();
        const QList<RejectedMessagesDialog *> open = window->findChildren<RejectedMessagesDialog *>();
        return open.isEmpty() ? nullptr : open.last();
    };
    RejectedMessagesDialog *dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->summary()->text(), u"No record has been rejected."_s);
    QVERIFY(!dialog->failure().isError());
    delete dialog;

    QVERIFY(execElsewhere(u"DROP TABLE rejected_messages"_s));
    dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->summary()->text().startsWith(u"The rejected records could not be read: "_s), qPrintable(dialog->summary()->text()));
    QVERIFY2(dialog->summary()->text().contains(u"no such table: rejected_messages"_s), qPrintable(dialog->summary()->text()));
    QCOMPARE(dialog->model()->rowCount(), 0);
    QVERIFY(window->noticeBar()->text().contains(u"rejected_messages"_s));
    delete dialog;
    dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->summary()->text().startsWith(u"The rejected records could not be read: "_s));
    QCoreApplication::processEvents();
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
}

// The outbox table gone: the Sent view says its rows could not be read instead of "0 delivered,
// 0 pending, 0 failed", at every opening, and the log hears of it once.
void TestStoreFailures::aSentViewThatCannotReadSaysSo()
{
    auto kafka = std::make_shared<test::FakeKafka>();
    kafka->databasePath = m_path;
    OutboxService outbox(m_path, [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    QMainWindow window;
    auto *actions = new ComposeActions(&outbox, m_inbox->database(), u"Ops Team"_s, &window);

    QVERIFY(execElsewhere(u"DROP TABLE outbox"_s));
    SentDialog *sent = actions->showSent();
    QVERIFY(sent);
    QVERIFY2(sent->summary()->text().startsWith(u"The sent messages could not be read: "_s), qPrintable(sent->summary()->text()));
    QVERIFY2(sent->summary()->text().contains(u"no such table: outbox"_s), qPrintable(sent->summary()->text()));
    QCOMPARE(actions->model()->loadFailure().kind, StoreError::Kind::Other);
    QCOMPARE(sent->table()->model()->rowCount(), 0);
    QVERIFY(!sent->retryAllButton()->isEnabled());
    sent->close(); // Deleted on close.
    QTRY_VERIFY(window.findChildren<SentDialog *>().isEmpty());
    sent = actions->showSent(); // Read again, failed again: said again, logged once.
    QVERIFY(sent->summary()->text().startsWith(u"The sent messages could not be read: "_s));
    QCOMPARE(storeWarnings(u"store failure"_s).size(), 1);
    QVERIFY2(storeWarnings(u"store failure"_s).first().contains(u"(other)"_s), qPrintable(g_storeWarnings.join(u'\n')));
}

// The outbox table gone when the worker starts: resuming the pending rows fails, and the worker
// says so (log with its kind, StorageError state) instead of resuming "nothing".
void TestStoreFailures::theOutboxWorkerTellsAFailedResume()
{
    QVERIFY(execElsewhere(u"DROP TABLE outbox"_s));
    auto kafka = std::make_shared<test::FakeKafka>();
    kafka->databasePath = m_path;
    OutboxService outbox(m_path, [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    QSignalSpy started(&outbox, &OutboxService::started);
    QSignalSpy states(&outbox, &OutboxService::stateChanged);
    outbox.start();
    QVERIFY(started.wait(30'000));
    QCOMPARE(started.first().at(1).toInt(), 0);
    bool toldStorage = false;
    for (const QList<QVariant> &change : std::as_const(states)) {
        if (change.at(0).value<ConnectionState>() == ConnectionState::StorageError) {
            toldStorage = true;
            QVERIFY2(change.at(1).toString().contains(u"no such table: outbox"_s), qPrintable(change.at(1).toString()));
        }
    }
    QVERIFY(toldStorage);
    outbox.stop();
    QCOMPARE(storeWarnings(u"outbox: store failure (other)"_s).size(), 1);
}

QTEST_MAIN(TestStoreFailures)
#include "tst_storefailures.moc"
