// The inbox window, offscreen (the full window; tst_mainwindow has the first checks): opening marks read, live inserts keep the selection, keyboard,
// menus, search, counts, settings, export and notifications.
#include "ArrivalNotifier.h"
#include "ConnectionIndicator.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "ReadDelay.h"
#include "SearchBar.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QAction>
#include <QActionGroup>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QToolBar>

#include <algorithm>
#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

// The notifier notifies from its timers (or at once, from catchUpFinished()): with none running,
// no notification can come later, so "nothing more" needs no waiting.
bool nothingScheduled(const ns::ArrivalNotifier &notifier)
{
    const QList<QTimer *> timers = notifier.findChildren<QTimer *>();
    return !timers.isEmpty() && std::none_of(timers.cbegin(), timers.cend(), [](const QTimer *t) { return t->isActive(); });
}

} // namespace

class TestInboxWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void openingMarksRead();
    void focusAloneMarksNothingRead();
    void enterOpensAndMTogglesRead();
    void liveInsertKeepsTheSelectedMessage();
    void liveInsertKeepsWhatIsVisible();
    void aFloodKeepsTheSelectionAndWhatIsVisible();
    void aFloodAtTheTopShowsTheNewest();
    void nextAndPreviousUnread();
    void deleteArchives();
    void everyShortcutIsInAMenu();
    void searchAsYouType();
    void filtersFromTheFolderList();
    void titleCountsUnread();
    void markAllIsOfferedOnlyWhereSomethingIsUnread();
    void theToolbarStaysPutWhenMarkReadBecomesMarkUnread();
    void theColumnsFitTheListsWidth();
    void connectionState();
    void settingsAreRemembered();
    void exportsTheCurrentView();
    void aBurstIsOneNotification();
    void aCatchUpIsOneNotification();

private:
    bool isReadInStore(qint64 id);
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestInboxWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestInboxWindow::init()
{
    QSettings().clear();
    // A selected message is read at once here (delay 0): these tests check the marking itself;
    // the delay a triage step relies on has its own test (tst_readdelay).
    QSettings().setValue(ReadDelay::settingsKey(), 0);
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->addMessages(60)); // "Message 00" to "Message 59"
    // Every third message is read already.
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 1 WHERE id % 3 = 0"_s));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->messageList()->setFocus();
}

void TestInboxWindow::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

bool TestInboxWindow::isReadInStore(qint64 id)
{
    return m_inbox->isRead(id);
}

void TestInboxWindow::press(int key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get(), Qt::Key(key), modifiers);
}

void TestInboxWindow::openingMarksRead()
{
    MessageListModel *model = m_window->model();
    // Newest first: row 0 is "Message 59" (id 60, unread).
    StoreError error;
    const int row = model->nextUnread(-1, true, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QVERIFY(row >= 0);
    const qint64 id = model->messageIdAt(row);
    QVERIFY(!isReadInStore(id));
    m_window->messageList()->selectRow(row);
    QCOMPARE(m_window->messageView()->messageId(), id);
    QVERIFY(model->index(row, 0).data(MessageListModel::IsReadRole).toBool()); // Shown at once...
    QTRY_VERIFY(isReadInStore(id)); // ...and written by the StoreWriter.
    QVERIFY(model->index(row, 0).data(MessageListModel::IsReadRole).toBool());
}

void TestInboxWindow::focusAloneMarksNothingRead()
{
    // The newest message unread: a view that gets focus makes it current, which is not opening it.
    m_window.reset();
    QVERIFY(m_inbox->setState(60, false, false));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->messageList()->setFocus();
    QTest::keyClick(m_window->messageList(), Qt::Key_Shift); // Any key activity: still nothing opened.
    QCOMPARE(m_window->messageView()->messageId(), 0);
    QVERIFY(!isReadInStore(60));
    QCOMPARE(m_window->windowTitle(), u"(41) NS Inbox — test"_s);
}

void TestInboxWindow::enterOpensAndMTogglesRead()
{
    MessageListModel *model = m_window->model();
    m_window->messageList()->selectRow(1);
    const qint64 id = model->messageIdAt(1);
    QTRY_VERIFY(isReadInStore(id)); // Opened: read, once the StoreWriter has written it.
    press(Qt::Key_M);
    QTRY_VERIFY(!isReadInStore(id));
    QCOMPARE(model->messageIdAt(1), id); // Still there, still current.
    m_window->messageList()->setFocus();
    press(Qt::Key_Return);
    QTRY_VERIFY(isReadInStore(id));
}

void TestInboxWindow::liveInsertKeepsTheSelectedMessage()
{
    MessageListView *list = m_window->messageList();
    list->selectRow(5);
    const qint64 id = list->currentMessageId();
    QVERIFY(id > 0);
    QSignalSpy inserted(m_window->model(), &QAbstractItemModel::rowsInserted);
    QVector<Message> fresh;
    for (int i = 0; i < 3; ++i)
        fresh << m_inbox->make(u"Fresh %1"_s.arg(i), u"new"_s, QDateTime(QDate(2030, 1, 1), QTime(0, i), Qt::UTC));
    QVERIFY(m_inbox->add(fresh));
    m_window->controller()->onMessagesStored();
    QCOMPARE(inserted.count(), 1); // One insert at the top.
    QCOMPARE(list->currentMessageId(), id);
    QCOMPARE(list->currentIndex().row(), 8);
    QCOMPARE(list->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(list->selectionModel()->selectedRows().first().row(), 8);
    QCOMPARE(m_window->messageView()->messageId(), id);
    QCOMPARE(m_window->model()->index(0, MessageListModel::SubjectColumn).data().toString(), u"Fresh 2"_s);
}

void TestInboxWindow::liveInsertKeepsWhatIsVisible()
{
    MessageListView *list = m_window->messageList();
    list->scrollTo(list->model()->index(40, 0), QAbstractItemView::PositionAtTop);
    const int top = list->rowAt(0);
    QVERIFY(top > 0);
    const qint64 topId = list->model()->index(top, 0).data(MessageListModel::MessageIdRole).toLongLong();
    QVERIFY(m_inbox->add({m_inbox->make(u"Fresh"_s, u"b"_s, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC))}));
    m_window->controller()->onMessagesStored();
    QCOMPARE(list->model()->index(list->rowAt(0), 0).data(MessageListModel::MessageIdRole).toLongLong(), topId);
}

// More new messages than a window holds reset the model (InboxRows::Arrivals::reload); the list
// puts the selection and the first visible message back, and the reading pane is left alone.
void TestInboxWindow::aFloodKeepsTheSelectionAndWhatIsVisible()
{
    MessageListView *list = m_window->messageList();
    list->selectRow(30);
    const qint64 selected = list->currentMessageId();
    list->scrollTo(list->model()->index(25, 0), QAbstractItemView::PositionAtTop);
    const int top = list->rowAt(0);
    QVERIFY(top > 0);
    const qint64 topId = list->model()->index(top, 0).data(MessageListModel::MessageIdRole).toLongLong();
    QSignalSpy resets(m_window->model(), &QAbstractItemModel::modelReset);
    QVector<Message> fresh;
    for (int i = 0; i < 300; ++i)
        fresh << m_inbox->make(u"Flood %1"_s.arg(i), u"new"_s, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC).addSecs(i));
    QVERIFY(m_inbox->add(fresh));
    m_window->controller()->onMessagesStored();
    QCOMPARE(resets.count(), 1);
    QCOMPARE(m_window->model()->rowCount(), 360);
    QCOMPARE(list->currentMessageId(), selected);
    QCOMPARE(list->currentIndex().row(), 330);
    QCOMPARE(list->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(list->model()->index(list->rowAt(0), 0).data(MessageListModel::MessageIdRole).toLongLong(), topId);
    QCOMPARE(m_window->messageView()->messageId(), selected);
    QCOMPARE(list->model()->index(0, MessageListModel::SubjectColumn).data().toString(), u"Flood 299"_s);
}

void TestInboxWindow::aFloodAtTheTopShowsTheNewest()
{
    MessageListView *list = m_window->messageList();
    QCOMPARE(list->verticalScrollBar()->value(), 0);
    QVector<Message> fresh;
    for (int i = 0; i < 300; ++i)
        fresh << m_inbox->make(u"Flood %1"_s.arg(i), u"new"_s, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC).addSecs(i));
    QVERIFY(m_inbox->add(fresh));
    m_window->controller()->onMessagesStored();
    QCOMPARE(list->verticalScrollBar()->value(), 0);
    QCOMPARE(list->rowAt(0), 0);
    QCOMPARE(list->model()->index(0, MessageListModel::SubjectColumn).data().toString(), u"Flood 299"_s);
    QVERIFY(m_window->windowTitle().contains(u"340"_s)); // 300 new + 40 of the 60 unread.
}

void TestInboxWindow::nextAndPreviousUnread()
{
    MessageListModel *model = m_window->model();
    MessageListView *list = m_window->messageList();
    list->selectRow(0); // Marks row 0 read.
    press(Qt::Key_N);
    const int first = list->currentIndex().row();
    QVERIFY(first > 0);
    for (int r = 1; r < first; ++r)
        QVERIFY(model->index(r, 0).data(MessageListModel::IsReadRole).toBool());
    press(Qt::Key_N);
    const int second = list->currentIndex().row();
    QVERIFY(second > first);
    // Both are read now (shown = opened); P from the second finds the unread before it, if any.
    QVERIFY(model->setRead(first, false));
    QVERIFY(m_window->controller()->writer()->waitForIdle()); // P looks for it in the store.
    press(Qt::Key_P);
    QCOMPARE(list->currentIndex().row(), first);
}

void TestInboxWindow::deleteArchives()
{
    MessageListView *list = m_window->messageList();
    const int before = m_window->model()->rowCount();
    list->selectRow(3);
    const qint64 id = list->currentMessageId();
    const qint64 next = m_window->model()->messageIdAt(4);
    press(Qt::Key_Delete);
    QCOMPARE(m_window->model()->rowCount(), before - 1);
    QCOMPARE(m_window->model()->rowOfMessage(id), -1);
    QVERIFY(m_window->controller()->writer()->waitForIdle());
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"SELECT is_archived FROM messages WHERE id = %1"_s.arg(id)) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(list->currentMessageId(), next);
    // In the Archived view, Delete does not mean "Move to Inbox" (issue 27): the message stays
    // and the status bar says how to take it back; Move to Inbox does.
    m_window->actions()->filterAction(InboxFilter::Archived)->trigger();
    QCOMPARE(m_window->model()->rowCount(), 1);
    list->selectRow(0);
    QCOMPARE(m_window->actions()->archive->text(), u"&Archive"_s);
    press(Qt::Key_Delete);
    QCOMPARE(m_window->model()->rowCount(), 1);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"Move to Inbox"_s), qPrintable(m_window->statusBar()->currentMessage()));
    m_window->actions()->moveToInbox->trigger();
    QCOMPARE(m_window->model()->rowCount(), 0);
}

void TestInboxWindow::everyShortcutIsInAMenu()
{
    QSet<QAction *> inMenus;
    std::function<void(QMenu *)> walk = [&](QMenu *menu) {
        for (QAction *a : menu->actions()) {
            inMenus.insert(a);
            if (a->menu())
                walk(a->menu());
        }
    };
    for (QAction *top : m_window->menuBar()->actions())
        walk(top->menu());
    InboxActions *a = m_window->actions();
    const QList<QAction *> all{a->open, a->openLink, a->toggleRead, a->archive, a->nextUnread, a->previousUnread,
                               a->markAllRead, a->find, a->exportView, a->rejected, a->quit, a->about};
    for (QAction *action : all)
        QVERIFY2(inMenus.contains(action), qPrintable(action->text()));
    for (QAction *action : a->filters->actions())
        QVERIFY2(inMenus.contains(action), qPrintable(action->text()));
    QCOMPARE(a->nextUnread->shortcut(), QKeySequence(Qt::Key_N));
    QCOMPARE(a->previousUnread->shortcut(), QKeySequence(Qt::Key_P));
    QCOMPARE(a->toggleRead->shortcut(), QKeySequence(Qt::Key_M));
    QCOMPARE(a->archive->shortcut(), QKeySequence(Qt::Key_Delete));
    QCOMPARE(a->find->shortcut(), QKeySequence(QKeySequence::Find));
    QCOMPARE(a->open->shortcut(), QKeySequence(Qt::Key_Return));
}

void TestInboxWindow::searchAsYouType()
{
    press(Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), m_window->searchBar());
    // N, M, P and Delete type into the field, they do not act on messages.
    QTest::keyClicks(m_window->searchBar(), u"body of message 4"_s);
    QCOMPARE(m_window->searchBar()->text(), u"body of message 4"_s);
    QTRY_COMPARE(m_window->model()->rowCount(), 1); // One character is a word, not a prefix.
    QTest::keyClick(m_window->searchBar(), Qt::Key_Asterisk);
    QTRY_COMPARE(m_window->model()->rowCount(), 11); // 4 and 40 to 49.
    QTest::keyClicks(m_window->searchBar(), u" \"of message\""_s);
    QTRY_COMPARE(m_window->model()->rowCount(), 11); // A phrase.
    QTest::keyClicks(m_window->searchBar(), u" \"message of\""_s);
    QTRY_COMPARE(m_window->model()->rowCount(), 0);
    QTest::keyClick(m_window->searchBar(), Qt::Key_Escape);
    QTRY_COMPARE(m_window->model()->rowCount(), 60);
}

void TestInboxWindow::filtersFromTheFolderList()
{
    m_window->messageList()->selectRow(1); // Unread until now.
    QVERIFY(m_window->controller()->writer()->waitForIdle());
    m_window->actions()->filterAction(InboxFilter::Unread)->trigger();
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::Unread);
    QCOMPARE(m_window->model()->rowCount(), 39);
    m_window->actions()->filterAction(InboxFilter::All)->trigger();
    QCOMPARE(m_window->model()->rowCount(), 60);
}

void TestInboxWindow::titleCountsUnread()
{
    QCOMPARE(m_window->windowTitle(), u"(40) NS Inbox — test"_s);
    m_window->messageList()->selectRow(1);
    QTRY_COMPARE(m_window->windowTitle(), u"(39) NS Inbox — test"_s); // Once written.
    m_window->actions()->markAllRead->trigger();
    QTRY_COMPARE(m_window->windowTitle(), u"NS Inbox — test"_s);
}

void TestInboxWindow::markAllIsOfferedOnlyWhereSomethingIsUnread()
{
    QAction *markAll = m_window->actions()->markAllRead;
    QVERIFY(markAll->isEnabled()); // 40 unread in the inbox.
    m_window->actions()->filterAction(InboxFilter::Snoozed)->trigger();
    QTRY_VERIFY(!markAll->isEnabled()); // Nothing snoozed.
    m_window->actions()->filterAction(InboxFilter::Archived)->trigger();
    QTRY_VERIFY(!markAll->isEnabled()); // Nothing archived.
    m_window->actions()->filterAction(InboxFilter::All)->trigger();
    QTRY_VERIFY(markAll->isEnabled());
    markAll->trigger();
    QTRY_COMPARE(m_window->windowTitle(), u"NS Inbox — test"_s); // Written.
    QTRY_VERIFY(!markAll->isEnabled());
    // A search with rows offers it (its unread are not counted), one without rows does not.
    press(Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(m_window->searchBar(), u"message"_s);
    QTRY_VERIFY(m_window->model()->rowCount() > 0);
    QTRY_VERIFY(markAll->isEnabled());
    QTest::keyClicks(m_window->searchBar(), u" nosuchword"_s);
    QTRY_COMPARE(m_window->model()->rowCount(), 0);
    QTRY_VERIFY(!markAll->isEnabled());
}

void TestInboxWindow::theToolbarStaysPutWhenMarkReadBecomesMarkUnread()
{
    m_window->resize(1200, 700); // Room for the buttons' words.
    auto *toolbar = m_window->findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolbar);
    QTRY_COMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
    QWidget *after = toolbar->widgetForAction(m_window->actions()->markAllRead);
    QVERIFY(after);
    m_window->messageList()->selectRow(0); // Read once selected (no delay here).
    QTRY_COMPARE(m_window->actions()->toggleRead->text(), u"&Mark Unread"_s);
    QTest::qWait(50);
    const int x = after->x();
    m_window->actions()->toggleRead->trigger();
    QTRY_COMPARE(m_window->actions()->toggleRead->text(), u"&Mark Read"_s);
    QTest::qWait(50);
    QCOMPARE(after->x(), x);
}

void TestInboxWindow::theColumnsFitTheListsWidth()
{
    MessageListView *list = m_window->messageList();
    QHeaderView *header = list->horizontalHeader();
    const int ch = list->fontMetrics().averageCharWidth();
    const auto fits = [&] {
        int sum = 0;
        for (int c = 0; c < header->count(); ++c)
            sum += header->isSectionHidden(c) ? 0 : header->sectionSize(c);
        return sum <= list->viewport()->width() && list->horizontalScrollBar()->maximum() == 0;
    };
    // Narrow (an 800 px window): every column shown fits, Subject keeps its room, Preview goes.
    m_window->resize(800, 600);
    QTRY_VERIFY(fits());
    QVERIFY(header->isSectionHidden(MessageListModel::PreviewColumn));
    QVERIFY2(header->sectionSize(MessageListModel::SubjectColumn) >= 30 * ch,
             qPrintable(QString::number(header->sectionSize(MessageListModel::SubjectColumn))));
    // Wide (1280 px): Preview back, and Subject takes its share of the width, not a fixed 42 chars.
    m_window->resize(1280, 800);
    QTRY_VERIFY(!header->isSectionHidden(MessageListModel::PreviewColumn));
    QTRY_VERIFY(fits());
    QVERIFY(header->sectionSize(MessageListModel::SubjectColumn) > 42 * ch);
    QVERIFY(header->sectionSize(MessageListModel::PreviewColumn) >= 20 * ch);
    // A column the person sized stays as they left it, also when the window changes and across runs.
    header->resizeSection(MessageListModel::SenderColumn, 123);
    QVERIFY(list->columnsChosen());
    m_window->resize(900, 650);
    QTest::qWait(50);
    QCOMPARE(header->sectionSize(MessageListModel::SenderColumn), 123);
    m_window.reset();
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    QCOMPARE(m_window->messageList()->horizontalHeader()->sectionSize(MessageListModel::SenderColumn), 123);
}

void TestInboxWindow::connectionState()
{
    m_window->onConnectionStateChanged(ConnectionState::Connected, {});
    QCOMPARE(m_window->connectionIndicator()->text(), u"Connected"_s);
    m_window->onConnectionStateChanged(ConnectionState::BrokerUnreachable, u"no route"_s);
    QCOMPARE(m_window->connectionIndicator()->text(), u"Broker unreachable"_s);
    QVERIFY(m_window->connectionIndicator()->toolTip().contains(u"no route"_s));
}

void TestInboxWindow::settingsAreRemembered()
{
    m_window->resize(1000, 650);
    m_window->model()->sort(MessageListModel::SubjectColumn, Qt::AscendingOrder);
    m_window->actions()->filterAction(InboxFilter::All)->trigger();
    m_window->messageList()->horizontalHeader()->resizeSection(MessageListModel::SenderColumn, 222);
    m_window.reset();
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    QCOMPARE(m_window->model()->spec().sort, (InboxSort{InboxSortKey::Subject, Qt::AscendingOrder}));
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::All);
    QCOMPARE(m_window->messageList()->horizontalHeader()->sectionSize(MessageListModel::SenderColumn), 222);
    QCOMPARE(m_window->size(), QSize(1000, 650));
}

void TestInboxWindow::exportsTheCurrentView()
{
    m_window->actions()->filterAction(InboxFilter::Unread)->trigger();
    QSignalSpy done(m_window.get(), &MainWindow::exportFinished);
    const QString path = m_dir.filePath(u"view.json"_s);
    m_window->exportViewTo(path, MessageExporter::Format::Json);
    QVERIFY(done.wait(20'000));
    QCOMPARE(done.at(0).at(0).toBool(), true);
    QCOMPARE(done.at(0).at(1).toLongLong(), qint64(m_window->model()->rowCount()));
}

void TestInboxWindow::aBurstIsOneNotification()
{
    bool active = false;
    ArrivalNotifier notifier([&] { return active; });
    notifier.setDelays(50, 2000);
    QSignalSpy notified(&notifier, &ArrivalNotifier::notify);
    auto row = [](qint64 id, const QString &subject) {
        InboxRow r;
        r.id = id;
        r.subject = subject;
        r.sender = u"Ops"_s;
        return r;
    };
    notifier.messagesArrived({row(1, u"a"_s)});
    notifier.messagesArrived({row(2, u"b"_s), row(3, u"c"_s)});
    notifier.messagesArrived({row(4, u"d"_s)});
    QTRY_COMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), u"4 new messages"_s);
    QVERIFY(nothingScheduled(notifier)); // The burst is told: no second notification can follow.
    QCOMPARE(notified.count(), 1);
    notifier.messagesArrived({row(5, u"e"_s)});
    QTRY_COMPARE(notified.count(), 2);
    QCOMPARE(notified.at(1).at(0).toString(), u"New message from Ops"_s);
    QCOMPARE(notified.at(1).at(1).toString(), u"e"_s);
    active = true; // Someone is looking: no notification.
    notifier.messagesArrived({row(6, u"f"_s)});
    QVERIFY(nothingScheduled(notifier));
    QCOMPARE(notified.count(), 2);
}

// Messages that were waiting on the server are counted as they are stored and announced once,
// when the catch-up ends; nothing while it runs.
void TestInboxWindow::aCatchUpIsOneNotification()
{
    bool active = false;
    ArrivalNotifier notifier([&] { return active; });
    notifier.setDelays(20, 100);
    QSignalSpy notified(&notifier, &ArrivalNotifier::notify);
    for (int batch = 0; batch < 40; ++batch)
        notifier.backlogStored(1000);
    QVERIFY(nothingScheduled(notifier)); // Counted, not scheduled: nothing comes before the end.
    QCOMPARE(notified.count(), 0);
    notifier.catchUpFinished();
    QCOMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), u"40000 new messages"_s);
    notifier.catchUpFinished(); // Nothing more to tell.
    QCOMPARE(notified.count(), 1);
    active = true; // Someone is looking: the list says it all.
    notifier.backlogStored(5);
    notifier.catchUpFinished();
    QCOMPARE(notified.count(), 1);
}

QTEST_MAIN(TestInboxWindow)
#include "tst_inboxwindow.moc"
