// Saved searches as folders (issue 22, local side): the store's table (schema 16) round trip
// across connections, their unread counts (a COUNT of the query with is:unread, refreshed with
// the folders' counts), and the window offscreen: "Save Search" puts the box's query in the
// folder list, a click or Ctrl+7 runs it, its menu renames, edits, moves and deletes it.
#include "Database.h"
#include "FolderList.h"
#include "InboxController.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageSearch.h"
#include "MessageView.h"
#include "SavedSearchActions.h"
#include "SavedSearchFolders.h"
#include "SavedSearchStore.h"
#include "SearchBar.h"
#include "SqliteWorkMeter.h"
#include "TestInbox.h"

#include <QAction>
#include <QMenu>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestSavedSearches : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void storeRoundTrip();
    void unreadCountFollowsTheFolderCounts();
    void countsRunOffTheWindowsConnection();
    void saveSearchPutsItInTheFolderList();
    void clickAndCtrl7RunIt();
    void contextMenuRenamesEditsMovesDeletes();

private:
    QVector<qint64> listedIds() const;
    qint64 expectedUnread(const QString &query) const;
    SavedSearchActions *actions() const { return m_window->findChild<SavedSearchActions *>(); }
    QStringList folderTexts() const;
    qint64 saveFromTheBox(const QString &query, const QString &name);
    void trigger(qint64 id, const QString &actionText);

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_answers; ///< What the prompt answers, in order.
};

void TestSavedSearches::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_savedsearches"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestSavedSearches::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    QVector<Message> batch;
    for (int i = 0; i < 60; ++i) {
        batch.append(m_inbox->make(u"Invoice %1"_s.arg(i), u"body %1"_s.arg(i), {},
                                   i % 3 == 0 ? u"Billing System"_s : u"Ada Lovelace"_s));
    }
    QVERIFY(m_inbox->add(batch));
    for (qint64 id = 1; id <= 60; id += 2)
        QVERIFY(m_inbox->setState(id, true, id % 4 == 1)); // Read, half of them archived.
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_answers.clear();
    actions()->setPrompt([this](const QString &, const QString &, const QString &) -> std::optional<QString> {
        if (m_answers.isEmpty())
            return std::nullopt;
        return m_answers.takeFirst();
    });
}

void TestSavedSearches::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

QVector<qint64> TestSavedSearches::listedIds() const
{
    QVector<qint64> ids;
    for (int row = 0; row < m_window->model()->rowCount(); ++row)
        ids.append(m_window->model()->messageIdAt(row));
    return ids;
}

qint64 TestSavedSearches::expectedUnread(const QString &query) const
{
    SearchParseError parseError;
    const SearchQuery q = SearchQuery::parse(query, SearchClock::system(), &parseError);
    StoreError error;
    qint64 n = 0;
    for (const MessageIndex::Hit &hit : MessageSearch(m_inbox->database()).matches(q, InboxFilter::All, MessageSearch::NoLimit, &error))
        n += hit.read ? 0 : 1;
    return n;
}

QStringList TestSavedSearches::folderTexts() const
{
    QStringList texts;
    FolderList *folders = m_window->folderList();
    for (int row = int(FolderList::order().size()); row < folders->count(); ++row)
        texts.append(folders->item(row)->text());
    return texts;
}

qint64 TestSavedSearches::saveFromTheBox(const QString &query, const QString &name)
{
    SearchBar *bar = m_window->searchBar();
    bar->setText(query);
    QTest::keyClick(bar, Qt::Key_Return);
    SavedSearchFolders *saved = m_window->controller()->savedSearches();
    const qsizetype before = saved->searches().size();
    if (!actions()->saveAction()->isEnabled())
        return 0;
    m_answers.append(name);
    actions()->saveAction()->trigger();
    if (!saved->waitForWrites() || saved->searches().size() != before + 1)
        return 0;
    return saved->searches().constLast().id;
}

void TestSavedSearches::trigger(qint64 id, const QString &actionText)
{
    std::unique_ptr<QMenu> menu(m_window->folderList()->savedSearchMenu(id));
    for (QAction *a : menu->actions()) {
        if (a->text() == actionText) {
            QVERIFY2(a->isEnabled(), qPrintable(actionText));
            a->trigger();
            QVERIFY(m_window->controller()->savedSearches()->waitForWrites());
            return;
        }
    }
    QFAIL(qPrintable(u"no action "_s + actionText));
}

void TestSavedSearches::storeRoundTrip()
{
    QSqlQuery version(m_inbox->database());
    QVERIFY(version.exec(u"PRAGMA user_version"_s) && version.next());
    QCOMPARE(version.value(0).toInt(), Database::SchemaVersion);
    QCOMPARE(Database::SchemaVersion, 16);

    SavedSearchStore store(m_inbox->database());
    StoreError error;
    const SavedSearch a = store.add(u"Billing"_s, u"from:billing is:unread"_s, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    const SavedSearch b = store.add(u"Links"_s, u"has:link"_s, &error);
    const SavedSearch c = store.add(u"Ada"_s, u"from:ada"_s, &error);
    QCOMPARE(a.position, 0);
    QCOMPARE(c.position, 2);
    QVERIFY(!a.uuid.isEmpty() && a.uuid != b.uuid);
    QVERIFY(store.rename(b.id, u"With a link"_s, &error));
    QVERIFY(store.setQuery(c.id, u"from:\"Ada Lovelace\""_s, &error));
    QVERIFY(store.move(c.id, 0, &error));
    QVERIFY(!store.rename(999, u"x"_s, &error)); // No such one: said, not ignored.
    QVERIFY(error.isError());

    // Another connection (a restart) reads the same.
    QSqlDatabase other = m_inbox->openConnection();
    QVERIFY2(other.isValid(), qPrintable(m_inbox->errorText()));
    QVector<SavedSearch> read = SavedSearchStore(other).list(&error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0).name, u"Ada"_s);
    QCOMPARE(read.at(0).query, u"from:\"Ada Lovelace\""_s);
    QCOMPARE(read.at(1), (SavedSearch{a.id, a.uuid, u"Billing"_s, u"from:billing is:unread"_s, 1}));
    QCOMPARE(read.at(2).name, u"With a link"_s);
    QCOMPARE(read.at(2).position, 2);

    QVERIFY(store.remove(a.id, &error));
    read = SavedSearchStore(other).list(&error);
    QCOMPARE(read.size(), 2);
    QCOMPARE(read.at(0).position, 0);
    QCOMPARE(read.at(1).position, 1); // No gap.
    QCOMPARE(read.at(1).id, b.id);
}

void TestSavedSearches::unreadCountFollowsTheFolderCounts()
{
    SavedSearchFolders *saved = m_window->controller()->savedSearches();
    QCOMPARE(saved->save(u"Billing"_s, u"from:billing"_s), QString());
    QCOMPARE(saved->save(u"Broken"_s, u"form:billing"_s), u"unknown operator 'form:' — did you mean 'from:'?"_s);
    QVERIFY(saved->waitForWrites());
    QCOMPARE(saved->searches().size(), 1);
    const qint64 id = saved->searches().constFirst().id;
    const qint64 before = expectedUnread(u"from:billing"_s);
    QVERIFY(before > 0);
    QCOMPARE(saved->unreadCount(id), before);
    QVERIFY(folderTexts().constFirst().startsWith(u"Billing  ("_s));

    // Three more unread from billing arrive (one of them archived: every folder counts).
    QVector<Message> more;
    for (int i = 0; i < 3; ++i)
        more.append(m_inbox->make(u"Late invoice %1"_s.arg(i), u"b"_s, {}, u"Billing System"_s));
    QVERIFY(m_inbox->add(more));
    QVERIFY(m_inbox->setState(m_inbox->idOfSubject(u"Late invoice 0"_s), false, true));
    m_window->controller()->onMessagesStored();
    QTRY_COMPARE(saved->unreadCount(id), before + 3);
    QCOMPARE(expectedUnread(u"from:billing"_s), before + 3);
    QTRY_COMPARE(folderTexts().constFirst(), u"Billing  (%1)"_s.arg(before + 3));
}

// The window's thread only asks for the counts: the COUNTs run on the counter's own connection,
// so SQLite does no work on the window's connection for them (a word or from: over a million
// messages costs tens to hundreds of milliseconds each).
void TestSavedSearches::countsRunOffTheWindowsConnection()
{
    SavedSearchFolders *saved = m_window->controller()->savedSearches();
    QCOMPARE(saved->save(u"Billing"_s, u"from:billing"_s), QString());
    QCOMPARE(saved->save(u"Invoices"_s, u"invoice OR body"_s), QString());
    QVERIFY(saved->waitForWrites());
    QCOMPARE(saved->searches().size(), 2);
    const qint64 billing = saved->searches().at(0).id, invoices = saved->searches().at(1).id;

    QVERIFY(m_inbox->add({m_inbox->make(u"One more invoice"_s, u"b"_s, {}, u"Billing System"_s)}));
    QSignalSpy changed(saved, &SavedSearchFolders::changed);
    qint64 work = -1;
    {
        const SqliteWorkMeter meter(m_window->index()->database()); // The window's own connection.
        QVERIFY(meter.isValid());
        saved->refreshCounts();
        work = meter.instructions();
    }
    QCOMPARE(work, 0);
    QVERIFY(changed.isEmpty()); // Told when counted, not before.
    QVERIFY(saved->waitForWrites());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(saved->unreadCount(billing), expectedUnread(u"from:billing"_s));
    QCOMPARE(saved->unreadCount(invoices), expectedUnread(u"invoice OR body"_s));
    QVERIFY(saved->unreadCount(invoices) > saved->unreadCount(billing));
}

void TestSavedSearches::saveSearchPutsItInTheFolderList()
{
    QVERIFY(!actions()->saveAction()->isEnabled()); // Nothing to save yet.
    SearchBar *bar = m_window->searchBar();
    bar->setText(u"form:x"_s);
    QTest::keyClick(bar, Qt::Key_Return);
    QVERIFY(!actions()->saveAction()->isEnabled()); // A query that does not parse is not kept.
    const qint64 id = saveFromTheBox(u"from:ada is:unread"_s, u"Ada, unread"_s);
    QVERIFY(id != 0);
    QCOMPARE(folderTexts(), QStringList{u"Ada, unread  (%1)"_s.arg(expectedUnread(u"from:ada is:unread"_s))});
    // Cancelled: nothing saved.
    bar->setText(u"invoice"_s);
    QTest::keyClick(bar, Qt::Key_Return);
    actions()->saveAction()->trigger();
    QVERIFY(m_window->controller()->savedSearches()->waitForWrites());
    QCOMPARE(folderTexts().size(), 1);
    // In the menu too, next to Search.
    bool inMenu = false;
    for (QObject *o : actions()->saveAction()->associatedObjects())
        inMenu = inMenu || qobject_cast<QMenu *>(o) != nullptr;
    QVERIFY(inMenu);
}

void TestSavedSearches::clickAndCtrl7RunIt()
{
    const qint64 id = saveFromTheBox(u"from:billing"_s, u"Billing"_s);
    QVERIFY(id != 0);
    QTest::keyClick(m_window->searchBar(), Qt::Key_Escape);
    QCOMPARE(m_window->model()->spec().searchText, QString());
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::Inbox);

    // A click runs it, in every folder (it has no in:).
    FolderList *folders = m_window->folderList();
    folders->setCurrentRow(int(FolderList::order().size()));
    QCOMPARE(m_window->model()->spec().searchText, u"from:billing"_s);
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::All);
    QCOMPARE(m_window->searchBar()->text(), u"from:billing"_s);
    QCOMPARE(folders->currentSavedSearch(), id); // Still the chosen row, not "All messages".
    SearchParseError parseError;
    StoreError error;
    QVector<qint64> expected;
    for (const MessageIndex::Hit &h : MessageSearch(m_inbox->database())
                                          .matches(SearchQuery::parse(u"from:billing"_s, SearchClock::system(), &parseError),
                                                   InboxFilter::All, MessageSearch::NoLimit, &error))
        expected.append(h.id);
    QCOMPARE(listedIds(), expected);

    // A folder leaves it, query and all.
    folders->setCurrentRow(0);
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::Inbox);
    QCOMPARE(m_window->model()->spec().searchText, QString());
    QVERIFY(m_window->searchBar()->text().isEmpty());

    // Ctrl+7: the first saved search.
    QCOMPARE(actions()->runActions().constFirst()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_7));
    QVERIFY(!actions()->runActions().at(1)->isEnabled()); // Only one saved.
    m_window->activateWindow();
    m_window->messageList()->setFocus();
    QTest::keyClick(m_window->messageList(), Qt::Key_7, Qt::ControlModifier);
    QTRY_COMPARE(m_window->model()->spec().searchText, u"from:billing"_s);
    QCOMPARE(listedIds(), expected);
    // Esc clears it like any search.
    QTest::keyClick(m_window->searchBar(), Qt::Key_Escape);
    QCOMPARE(m_window->model()->spec().searchText, QString());
}

void TestSavedSearches::contextMenuRenamesEditsMovesDeletes()
{
    const qint64 first = saveFromTheBox(u"from:billing"_s, u"Billing"_s);
    const qint64 second = saveFromTheBox(u"from:ada"_s, u"Ada"_s);
    QVERIFY(first != 0 && second != 0);
    SavedSearchFolders *saved = m_window->controller()->savedSearches();

    m_answers = {u"Invoices"_s};
    trigger(first, u"&Rename…"_s);
    QCOMPARE(saved->find(first)->name, u"Invoices"_s);
    m_answers = {u"invoice is:unread"_s};
    trigger(first, u"&Edit Search…"_s);
    QCOMPARE(saved->find(first)->query, u"invoice is:unread"_s);
    QCOMPARE(saved->unreadCount(first), expectedUnread(u"invoice is:unread"_s));
    m_answers = {u"form:x"_s}; // Refused, said: the query stays.
    trigger(first, u"&Edit Search…"_s);
    QCOMPARE(saved->find(first)->query, u"invoice is:unread"_s);

    trigger(second, u"Move &Up"_s);
    QCOMPARE(saved->searches().constFirst().id, second);
    QVERIFY(folderTexts().constFirst().startsWith(u"Ada"_s));
    QCOMPARE(actions()->runActions().constFirst()->text(), u"Saved Search: Ada"_s); // Ctrl+7 follows.

    trigger(second, u"&Delete"_s);
    QCOMPARE(saved->searches().size(), 1);
    QCOMPARE(folderTexts().size(), 1);
    QVERIFY(folderTexts().constFirst().startsWith(u"Invoices"_s));
}

QTEST_MAIN(TestSavedSearches)
#include "tst_savedsearches.moc"
