// Selecting many messages and acting on them, offscreen: the selection as a rule checked against
// plain SQL for every folder and a search (select all, exceptions, ranges), keyboard selection,
// each bulk action and its undo (Ctrl+Z) on the list and in the store.
#include "Database.h"
#include "FtsQuery.h"
#include "InboxActions.h"
#include "InboxCommandRunner.h"
#include "InboxController.h"
#include "InboxFilter.h"
#include "InboxRows.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListProxy.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "SnoozeMenu.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QTimer>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <algorithm>

using namespace ns;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ns::InboxFilter)

class TestBulkActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void selectionRulesMatchSql_data();
    void selectionRulesMatchSql();
    void keyboardSelection();
    void contextMenuActsOnTheSelection();
    void bulkActionsAndTheirUndo_data();
    void bulkActionsAndTheirUndo();
    void selectAllThenArchiveThenUndo();
    void aLongUndoShowsTheNewestFirstBeforeItIsAllWritten();
    void anUndosFirstSliceIsTheNewestFew();
    void aSelectAllGoesNewestFirst();
    void selectAllInASearchReadByPagesSelectsEveryMatch();
    void archivingInASearchOfEveryFolderKeepsTheRow();

private:
    QSet<qint64> sqlIds(const QString &where);
    QSet<qint64> modelIds();
    QStringList states();
    void settle() { QVERIFY(m_window->controller()->writer()->waitForIdle(120'000)); } // The sanitizer build under load is slow.

    static constexpr int Messages = MessageListModel::ExplicitLimit + 700;
    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestBulkActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_bulkactions"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestBulkActions::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->addMessages(Messages, u"Message %1"_s, u"Body %1 of a report"_s));
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 1 WHERE id % 3 = 0"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_archived = 1 WHERE id % 5 = 0"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_active = 0 WHERE id % 17 = 0"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_archived = 2, snoozed_until = 4102444800000 WHERE id % 13 = 0 AND id % 5 != 0"_s));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_window->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->messageList()->setFocus();
}

void TestBulkActions::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_inbox.reset();
}

QSet<qint64> TestBulkActions::sqlIds(const QString &where)
{
    QSet<qint64> ids;
    QSqlQuery q(m_inbox->database());
    if (!q.exec(u"SELECT id FROM messages WHERE "_s + where))
        qWarning() << q.lastQuery();
    while (q.next())
        ids.insert(q.value(0).toLongLong());
    return ids;
}

QSet<qint64> TestBulkActions::modelIds()
{
    QSet<qint64> ids;
    MessageListModel *model = m_window->model();
    for (int r = 0; r < model->rowCount(); ++r)
        ids.insert(model->messageIdAt(r));
    return ids;
}

QStringList TestBulkActions::states()
{
    QStringList rows;
    QSqlQuery q(m_inbox->database());
    q.exec(u"SELECT id, is_read, is_archived, snoozed_until FROM messages ORDER BY id"_s);
    while (q.next())
        rows << u"%1:%2:%3:%4"_s.arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString());
    return rows;
}

void TestBulkActions::selectionRulesMatchSql_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<QString>("search");
    for (InboxFilter f : {InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Archived, InboxFilter::Snoozed,
                          InboxFilter::Inactive, InboxFilter::All})
        QTest::newRow(qPrintable(inboxFilterName(f))) << f << QString();
    QTest::newRow("search in all") << InboxFilter::All << u"message 1*"_s;
}

// For each folder and a search: select all, all but two (Ctrl+click), and a Shift range; what the
// rule means (the messages a bulk action would change) is what SQL says, and what the list shows.
void TestBulkActions::selectionRulesMatchSql()
{
    QFETCH(InboxFilter, filter);
    QFETCH(QString, search);
    MessageListModel *model = m_window->model();
    InboxViewSpec spec = model->spec();
    spec.filter = filter;
    spec.searchText = search;
    model->setSpec(spec);
    while (model->canFetchMore()) // A search of many matches is read by pages: the list scrolled to its end.
        model->fetchMore();
    QString where = u"%1 IN (%2)"_s.arg(Database::bucketExpression("messages"), [&] {
        QStringList b;
        for (int bucket : MessageBucket::of(filter))
            b << QString::number(bucket);
        return b.join(u',');
    }());
    if (!search.isEmpty())
        where += u" AND id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH '%1')"_s.arg(FtsQuery::fromUserText(search));
    const QSet<qint64> all = sqlIds(where);
    QVERIFY(!all.isEmpty());
    QCOMPARE(modelIds(), all);

    MessageListView *list = m_window->messageList();
    const auto meaning = [&](const MessageSelection &s) {
        QSet<qint64> ids;
        if (!s.all) {
            ids = QSet<qint64>(s.ids.cbegin(), s.ids.cend());
            return ids;
        }
        QStringList b;
        for (int bucket : s.buckets)
            b << QString::number(bucket);
        ids = sqlIds(u"%1 IN (%2) AND id <= %3"_s.arg(Database::bucketExpression("messages"), b.join(u',')).arg(s.maxId));
        for (qint64 id : s.except)
            ids.remove(id);
        return ids;
    };
    // Select all.
    list->selectAll();
    MessageSelection s = model->selectionOf(list->selectionModel()->selection());
    QCOMPARE(s.count, qint64(all.size()));
    QCOMPARE(s.all, all.size() > MessageListModel::ExplicitLimit && search.isEmpty());
    QCOMPARE(meaning(s), all);
    // All but two.
    if (model->rowCount() > 3) {
        const qint64 first = model->messageIdAt(1), second = model->messageIdAt(model->rowCount() - 1);
        list->selectionModel()->select(model->index(1, 0), QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
        list->selectionModel()->select(model->index(model->rowCount() - 1, 0), QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
        s = model->selectionOf(list->selectionModel()->selection());
        QSet<qint64> expected = all;
        expected.remove(first);
        expected.remove(second);
        if (!s.isEmpty())
            QCOMPARE(meaning(s), expected);
        else
            QVERIFY(!search.isEmpty() && all.size() > MessageListModel::ExplicitLimit); // A search selects by id, up to the limit.
    }
    // A range (Shift+click from row 2 to row 9).
    if (model->rowCount() > 10) {
        list->selectRow(2);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                          list->visualRect(m_window->displayModel()->index(9, MessageListModel::SubjectColumn)).center());
        s = model->selectionOf(list->selectionModel()->selection());
        QSet<qint64> expected;
        for (int r = 2; r <= 9; ++r)
            expected.insert(model->messageIdAt(r));
        QCOMPARE(s.count, 8);
        QCOMPARE(meaning(s), expected);
    }
}

void TestBulkActions::keyboardSelection()
{
    MessageListView *list = m_window->messageList();
    list->selectRow(0);
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(list->selectionModel()->selectedRows().size(), 4);
    QCOMPARE(m_window->messageView()->findChild<QLabel *>()->text(), u"4 messages selected"_s);
    QTest::keyClick(list, Qt::Key_A, Qt::ControlModifier);
    const int n = m_window->model()->rowCount();
    QCOMPARE(list->selectionModel()->selection().size(), 1); // One range, whatever the number of rows.
    bool told = false;
    for (QLabel *label : m_window->messageView()->findChildren<QLabel *>())
        told |= label->text() == u"All %1 messages in Inbox are selected"_s.arg(QLocale().toString(n));
    QVERIFY(told);
    QVERIFY(m_window->actions()->archive->isEnabled());
    QVERIFY(!m_window->actions()->open->isEnabled());
    // Ctrl+click takes one out.
    const QRect third = list->visualRect(m_window->displayModel()->index(2, MessageListModel::SubjectColumn));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier, third.center());
    const MessageSelection s = m_window->model()->selectionOf(list->selectionModel()->selection());
    QCOMPARE(s.count, qint64(n - 1));
    const qint64 out = m_window->model()->messageIdAt(2);
    if (s.all)
        QCOMPARE(s.except, QVector<qint64>{out});
    else
        QVERIFY(!s.ids.contains(out) && s.ids.size() == n - 1);
}

// A right-click inside a selection of several offers the bulk actions and keeps the selection; one
// outside it selects the row clicked and offers that message's own.
void TestBulkActions::contextMenuActsOnTheSelection()
{
    MessageListView *list = m_window->messageList();
    list->selectRow(0);
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    const auto menuAt = [&](int row) {
        QStringList texts;
        QTimer::singleShot(0, this, [&texts] {
            if (QMenu *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                for (QAction *a : menu->actions())
                    texts.append(a->text().remove(QLatin1Char('&')));
                menu->close();
            }
        });
        const QRect at = list->visualRect(m_window->displayModel()->index(row, MessageListModel::SubjectColumn));
        Q_EMIT list->customContextMenuRequested(at.center());
        return texts;
    };
    const QStringList inside = menuAt(2);
    QCOMPARE(list->selectionModel()->selectedRows().size(), 4);
    QVERIFY2(inside.contains(u"Mark as Read"_s) && inside.contains(u"Mark as Unread"_s) && inside.contains(u"Archive"_s),
             qPrintable(inside.join(u", "_s)));
    QVERIFY2(!inside.contains(u"Open Message"_s), qPrintable(inside.join(u", "_s)));
    const QStringList outside = menuAt(6);
    QCOMPARE(list->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(list->currentIndex().row(), 6);
    QVERIFY2(outside.contains(u"Archive"_s) && !outside.contains(u"Mark as Unread"_s), qPrintable(outside.join(u", "_s)));
}

void TestBulkActions::bulkActionsAndTheirUndo_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("check"); // Holds for the five messages once done.
    QTest::addColumn<bool>("leave");    // They leave the folder.
    QTest::newRow("mark read") << InboxFilter::Inbox << u"markRead"_s << u"is_read = 1"_s << false;
    QTest::newRow("mark unread") << InboxFilter::Inbox << u"markUnread"_s << u"is_read = 0"_s << false;
    QTest::newRow("archive") << InboxFilter::Inbox << u"archive"_s << u"is_archived = 1"_s << true;
    QTest::newRow("snooze") << InboxFilter::Inbox << u"snooze"_s << u"is_archived = 2 AND snoozed_until > 0"_s << true;
    QTest::newRow("move to inbox") << InboxFilter::Archived << u"moveToInbox"_s << u"is_archived = 0"_s << true;
    QTest::newRow("unsnooze") << InboxFilter::Snoozed << u"unsnooze"_s << u"is_archived = 0 AND snoozed_until = 0"_s << true;
}

void TestBulkActions::bulkActionsAndTheirUndo()
{
    QFETCH(InboxFilter, filter);
    QFETCH(QString, action);
    QFETCH(QString, check);
    QFETCH(bool, leave);
    MainWindow *w = m_window.get();
    w->actions()->filterAction(filter)->trigger();
    settle();
    const QStringList before = states();
    MessageListView *list = w->messageList();
    const int rows = w->model()->rowCount();
    QVERIFY(rows > 10);
    list->selectRow(3);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                      list->visualRect(w->displayModel()->index(7, MessageListModel::SubjectColumn)).center());
    QVector<qint64> ids;
    for (int r = 3; r <= 7; ++r)
        ids << w->model()->messageIdAt(r);
    settle(); // Row 3 was opened (read) before the range was made.
    const QStringList selectedBefore = states();
    InboxActions *a = w->actions();
    if (action == u"snooze"_s)
        a->snoozeMenu->nextWeek->trigger();
    else
        (action == u"markRead"_s ? a->markRead : action == u"markUnread"_s ? a->markUnread : action == u"archive"_s ? a->archive
                 : action == u"moveToInbox"_s ? a->moveToInbox : a->unsnooze)->trigger();
    // Shown at once...
    QCOMPARE(w->model()->rowCount(), leave ? rows - 5 : rows);
    settle(); // ...written...
    QStringList idList;
    for (qint64 id : ids)
        idList << QString::number(id);
    QCOMPARE(sqlIds(u"id IN (%1) AND %2"_s.arg(idList.join(u','), check)).size(), 5);
    // ...and offered for undo in the status bar.
    QTRY_VERIFY(w->findChild<QToolButton *>() && [&] {
        for (QToolButton *b : w->statusBar()->findChildren<QToolButton *>())
            if (b->text() == u"Undo"_s && b->isVisible())
                return true;
        return false;
    }());
    QCOMPARE(w->controller()->undoStack()->count(), 1 + (filter == InboxFilter::Inbox ? 0 : 0));
    // Ctrl+Z: back as they were, through the writer and the journal.
    const qint64 journaled = [&] {
        QSqlQuery q(m_inbox->database());
        return q.exec(u"SELECT count(*) FROM state_outbox"_s) && q.next() ? q.value(0).toLongLong() : -1;
    }();
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    settle();
    QCOMPARE(states(), selectedBefore);
    QTRY_COMPARE(w->model()->rowCount(), rows);
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"SELECT count(*) FROM state_outbox"_s) && q.next());
    QVERIFY(q.value(0).toLongLong() > journaled); // The undo goes to the other desktops too.
    q.finish(); // An open statement would pin the connection's snapshot (WAL).
    // Ctrl+Shift+Z: done again.
    QVERIFY(w->controller()->undoStack()->canRedo());
    QVERIFY(w->actions()->redo->isEnabled());
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w->controller()->undoStack()->index(), 1);
    settle();
    QCOMPARE(sqlIds(u"id IN (%1) AND %2"_s.arg(idList.join(u','), check)).size(), 5);
    Q_UNUSED(before);
}

// Ctrl+A in the inbox then Delete: every message of the inbox archived (a rule, in slices), the
// list empty at once; Ctrl+Z brings them all back.
void TestBulkActions::selectAllThenArchiveThenUndo()
{
    MainWindow *w = m_window.get();
    QVERIFY(m_inbox->addMessages(1000, u"More %1"_s)); // More than a list of ids: a rule.
    w->controller()->onMessagesStored();
    QTRY_VERIFY(w->model()->rowCount() > MessageListModel::ExplicitLimit);
    const QStringList before = states();
    const int rows = w->model()->rowCount();
    const QSet<qint64> inbox = modelIds();
    QTest::keyClick(w->messageList(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(w->messageList(), Qt::Key_Delete);
    QCOMPARE(w->model()->rowCount(), 0); // At once.
    settle();
    QStringList ids;
    for (qint64 id : inbox)
        ids << QString::number(id);
    QCOMPARE(sqlIds(u"id IN (%1) AND is_archived = 1"_s.arg(ids.join(u','))).size(), inbox.size());
    QVERIFY2(w->statusBar()->currentMessage().startsWith(u"Archived %1 messages."_s.arg(QLocale().toString(rows))),
             qPrintable(w->statusBar()->currentMessage()));
    QTest::keyClick(w->messageList(), Qt::Key_Z, Qt::ControlModifier);
    settle();
    QCOMPARE(states(), before);
    QTRY_COMPARE(w->model()->rowCount(), rows);
    // The status bar counts them again (it said "0 messages" after an undo under a real display).
    const QString count = u"%1 messages"_s.arg(QLocale().toString(rows));
    const auto counted = [&] {
        for (QLabel *label : w->statusBar()->findChildren<QLabel *>())
            if (label->text() == count)
                return true;
        return false;
    };
    QTRY_VERIFY2(counted(), qPrintable(count));
}

void TestBulkActions::aLongUndoShowsTheNewestFirstBeforeItIsAllWritten()
{
    MainWindow *w = m_window.get();
    // More than two of the writer's slices come back with the undo.
    QVERIFY(m_inbox->addMessages(2 * InboxCommandRunner::SliceRows + 1000, u"More %1"_s));
    w->controller()->onMessagesStored();
    QTRY_VERIFY(w->model()->rowCount() > 2 * InboxCommandRunner::SliceRows);
    const int rows = w->model()->rowCount();
    const qint64 newest = w->model()->messageIdAt(0);
    QTest::keyClick(w->messageList(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(w->messageList(), Qt::Key_Delete);
    settle();
    QCOMPARE(w->model()->rowCount(), 0);

    struct Seen
    {
        int rows;
        int inFlight;
        qint64 top;
    };
    QVector<Seen> seen; // What the list showed each time a slice of the undo was read.
    connect(w->model(), &MessageListModel::partlyStored, this, [&] {
        seen.append({w->model()->rowCount(), w->model()->changesInFlight(),
                     w->model()->rowCount() > 0 ? w->model()->messageIdAt(0) : 0});
    });
    QTest::keyClick(w->messageList(), Qt::Key_Z, Qt::ControlModifier);
    settle();
    QTRY_COMPARE(w->model()->rowCount(), rows);
    // Shown while the undo was still being written, newest first: the top of the list came back
    // with the first slice, not with the last.
    QVERIFY(!seen.isEmpty());
    QVERIFY(seen.first().inFlight > 0);
    QVERIFY2(seen.first().rows > 0 && seen.first().rows < rows,
             qPrintable(u"%1 of %2 rows"_s.arg(seen.first().rows).arg(rows)));
    QCOMPARE(seen.first().top, newest);
}

// The first slice of an undo is small, so the top of the list is back in tens of milliseconds;
// the later slices are the usual size (the whole undo takes no more transactions than before).
void TestBulkActions::anUndosFirstSliceIsTheNewestFew()
{
    QVector<qint64> ids;
    {
        QSqlQuery q(m_inbox->database());
        QVERIFY(q.exec(u"SELECT id FROM messages WHERE is_archived = 0 ORDER BY id"_s));
        while (q.next())
            ids.append(q.value(0).toLongLong());
    }
    QVERIFY(ids.size() > InboxCommandRunner::FirstRestoreSliceRows * 2);
    InboxCommand undo = InboxCommand::make(InboxCommand::Kind::Restore);
    for (const qint64 id : std::as_const(ids))
        undo.states.append({id, true, 1, 0}); // archived and read: what the rows are not now
    InboxCommandRunner runner(m_inbox->database(), undo);
    QVERIFY(runner.runSlice());
    QCOMPARE(runner.result().changed, qint64(InboxCommandRunner::FirstRestoreSliceRows));
    const QVector<qint64> newest = ids.mid(ids.size() - InboxCommandRunner::FirstRestoreSliceRows);
    // Of the rows it restores (all in the inbox before), the newest are archived now, and only they.
    const QSet<qint64> restored = sqlIds(u"is_archived = 1"_s).intersect(QSet<qint64>(ids.cbegin(), ids.cend()));
    QCOMPARE(restored, QSet<qint64>(newest.cbegin(), newest.cend()));
    QVERIFY(runner.runSlice());
    QCOMPARE(runner.result().changed,
             qint64(std::min<qsizetype>(ids.size(), InboxCommandRunner::FirstRestoreSliceRows + InboxCommandRunner::SliceRows)));
    while (!runner.isDone())
        QVERIFY(runner.runSlice());
    QCOMPARE(runner.result().changed, qint64(ids.size()));
}

// A Select All changes the newest messages first: after its first slice the top of every window
// shows it (this one's, and another desktop's as the records go out slice by slice; bench_follow),
// not after the last. Its undo still gets the states in ascending ids (runRestore's order).
void TestBulkActions::aSelectAllGoesNewestFirst()
{
    QVERIFY(m_inbox->addMessages(InboxCommandRunner::SliceRows)); // more ids than one slice covers
    QVector<qint64> ids;
    {
        QSqlQuery q(m_inbox->database());
        QVERIFY(q.exec(u"SELECT id FROM messages WHERE is_archived = 0 AND is_active = 1 ORDER BY id"_s));
        while (q.next())
            ids.append(q.value(0).toLongLong());
    }
    MessageSelection all;
    all.all = true;
    all.buckets = MessageBucket::of(InboxFilter::Inbox);
    all.maxId = ids.constLast();
    all.count = ids.size();
    InboxCommandRunner runner(m_inbox->database(), InboxCommand::bulk(InboxCommand::Kind::BulkArchived, all, 1));
    QVERIFY(runner.runSlice());
    QVERIFY(!runner.isDone());
    const QSet<qint64> archived = sqlIds(u"is_archived = 1"_s).intersect(QSet<qint64>(ids.cbegin(), ids.cend()));
    QVERIFY(archived.contains(ids.constLast()));
    QVERIFY(!archived.contains(ids.constFirst()));
    for (const qint64 id : archived)
        QVERIFY2(id > ids.at(ids.size() / 2), qPrintable(u"an older message archived in the first slice: %1"_s.arg(id)));
    while (!runner.isDone())
        QVERIFY(runner.runSlice());
    QCOMPARE(runner.result().changed, qint64(ids.size()));
    QVector<qint64> before;
    for (const MessageState &m : runner.result().before)
        before.append(m.id);
    QCOMPARE(before, ids);
}

// A search of many matches is read newest first, a page at a time (SearchPager). Ctrl+A in it
// selects every match, not the rows read so far: 800 links among 3,500 messages, more than a page.
void TestBulkActions::selectAllInASearchReadByPagesSelectsEveryMatch()
{
    constexpr int Links = 800;
    QVector<Message> batch;
    for (int i = 0; i < Links; ++i) {
        Message m = m_inbox->make(u"Invoice %1"_s.arg(i));
        m.referenceUrl = u"https://portal.example.org/%1"_s.arg(i);
        batch.append(m);
    }
    QVERIFY(m_inbox->add(batch));
    MessageListModel *model = m_window->model();
    model->setSearchText(u"in:all has:link"_s);
    QTRY_VERIFY(model->rowCount() > 0);
    QVERIFY2(model->canFetchMore(), "read by pages");
    QVERIFY(model->rowCount() < Links);
    MessageListView *list = m_window->messageList();
    list->setFocus();
    QTest::keyClick(list, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(model->rowCount(), Links);
    QCOMPARE(list->selectedCount(), qint64(Links));
    m_window->actions()->markRead->trigger();
    settle();
    QCOMPARE(sqlIds(u"reference_url IS NOT NULL AND reference_url != '' AND is_read = 0"_s).size(), 0);
}

// A search's `in:` decides which rows stay, not the folder the search was typed in: archived in
// "in:all report" from the Inbox, a message is still a match and keeps its row; in "report" (the
// Inbox's messages only) it leaves.
void TestBulkActions::archivingInASearchOfEveryFolderKeepsTheRow()
{
    MainWindow *w = m_window.get();
    MessageListModel *model = w->model();
    model->setSearchText(u"in:all report"_s);
    QTRY_VERIFY(model->rowCount() > 0);
    while (model->canFetchMore()) // Read by pages: every row, as the view may read more by itself.
        model->fetchMore();
    const int rows = model->rowCount();
    int row = 0;
    while (row < rows && model->index(row, 0).data(MessageListModel::IsArchivedRole).toBool())
        ++row;
    QVERIFY(row < rows);
    const qint64 id = model->messageIdAt(row);
    w->messageList()->selectRow(row);
    w->actions()->archive->trigger();
    QCOMPARE(model->rowCount(), rows);
    QCOMPARE(model->messageIdAt(row), id);
    settle();
    QCOMPARE(sqlIds(u"id = %1 AND is_archived = 1"_s.arg(id)).size(), 1);
    QTRY_COMPARE(model->rowCount(), rows);
    QVERIFY(model->rowOfMessage(id) >= 0);

    model->setSearchText(u"report"_s); // the Inbox's own messages
    QTRY_VERIFY(model->rowCount() > 0);
    const int inboxRows = model->rowCount();
    const qint64 other = model->messageIdAt(0);
    w->messageList()->selectRow(0);
    w->actions()->archive->trigger();
    QCOMPARE(model->rowCount(), inboxRows - 1);
    settle();
    QCOMPARE(sqlIds(u"id = %1 AND is_archived = 1"_s.arg(other)).size(), 1);
}

QTEST_MAIN(TestBulkActions)
#include "tst_bulkactions.moc"
