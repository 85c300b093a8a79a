// The window's search box speaks the query language (issue 22): on a real SQLite file, the list
// shows exactly what ns::MessageSearch finds for the same query in the current folder (an in:
// overrides it), in the same order, also for messages the full-text indexer has not reached yet;
// a query that does not parse is said under the box in the parser's words and leaves the list as
// it was; Esc clears both. Offscreen, the real MainWindow.
#include "FolderList.h"
#include "InboxController.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageSearch.h"
#include "MessageView.h"
#include "SearchBar.h"
#include "SearchBoxQuery.h"
#include "SearchIndexer.h"
#include "SearchProblem.h"
#include "TestInbox.h"

#include <QRandomGenerator>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestSearchBox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listShowsWhatMessageSearchFinds_data();
    void listShowsWhatMessageSearchFinds();
    void randomQueriesAgreeWithMessageSearch();
    void theFolderIsSearchedUnlessInOverridesIt();
    void arrivalsThatMatchAreShown();
    void malformedQueryIsSaidInlineAndTheListStays();
    void escapeClearsTheProblemAndTheSearch();

private:
    void search(const QString &text);
    QVector<qint64> listedIds() const;
    QVector<qint64> expectedIds(const QString &text, InboxFilter folder) const;
    SearchProblem *problemLine() const { return m_window->findChild<SearchProblem *>(); }

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestSearchBox::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_searchbox"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestSearchBox::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    // Stored but indexed only in part, as while the indexer catches up: the rest is searched as stored.
    m_inbox->store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    static const QStringList senders{u"Billing System"_s, u"System Account"_s, u"Ada Lovelace"_s, u"ops-bot"_s};
    static const QStringList words{u"invoice"_s, u"report"_s, u"portal"_s, u"outage"_s, u"weekly"_s, u"payment"_s};
    QRandomGenerator random(22);
    QVector<Message> batch;
    for (int i = 0; i < 300; ++i) {
        const QString a = words.at(random.bounded(words.size())), b = words.at(random.bounded(words.size()));
        Message m = m_inbox->make(u"%1 %2 %3"_s.arg(a, b).arg(i), u"Body %1 of %2"_s.arg(b).arg(i),
                                  QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC).addSecs(i * 7919),
                                  senders.at(random.bounded(senders.size())));
        if (random.bounded(3) == 0)
            m.referenceUrl = random.bounded(2) ? u"https://portal.example.org/bill/%1"_s.arg(i) : u"https://ops.example.com/"_s;
        m.kafkaPartition = random.bounded(3);
        if (random.bounded(4) == 0)
            m.kafkaKey = u"k-%1"_s.arg(i % 10);
        m.isActive = random.bounded(10) != 0;
        batch.append(m);
    }
    QVERIFY(m_inbox->add(batch));
    for (qint64 id = 1; id <= 300; ++id) {
        const int state = QRandomGenerator(quint32(id)).bounded(4);
        if (state > 0)
            QVERIFY(m_inbox->setState(id, state >= 2, state == 3));
    }
    QSqlDatabase db = m_inbox->database();
    SearchIndexer indexer(db);
    StoreError error;
    QVERIFY(db.transaction());
    QVERIFY2(indexer.indexUpTo(150, &error), qPrintable(error.text));
    QVERIFY(db.commit());
    QCOMPARE(SearchIndexer::indexedUpTo(db, &error), 150);

    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestSearchBox::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestSearchBox::search(const QString &text)
{
    SearchBar *bar = m_window->searchBar();
    bar->setFocus();
    bar->setText(text);
    QTest::keyClick(bar, Qt::Key_Return); // At once, not after the typing pause.
}

QVector<qint64> TestSearchBox::listedIds() const
{
    QVector<qint64> ids;
    MessageListModel *model = m_window->model();
    // Every row, as when the list is scrolled to its end: a search of many matches is read by pages.
    while (model->canFetchMore())
        model->fetchMore();
    for (int row = 0; row < model->rowCount(); ++row)
        ids.append(model->messageIdAt(row));
    return ids;
}

QVector<qint64> TestSearchBox::expectedIds(const QString &text, InboxFilter folder) const
{
    SearchParseError parseError;
    const SearchQuery query = SearchBoxQuery::parse(text, SearchClock::system(), &parseError);
    if (parseError.isError())
        qWarning() << "does not parse:" << text << parseError.message;
    StoreError error;
    QVector<qint64> ids;
    const MessageSearch oracle(m_inbox->database());
    for (const MessageIndex::Hit &hit : oracle.matches(query, folder, MessageSearch::NoLimit, &error))
        ids.append(hit.id);
    if (error.isError())
        qWarning() << "MessageSearch failed:" << error.text;
    return ids;
}

void TestSearchBox::listShowsWhatMessageSearchFinds_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("someMatch");
    const std::pair<const char *, bool> rows[] = {
        {"invoice", true},
        {"invoice ", true},
        {"invo", true}, // The word being typed is a prefix.
        {"from:billing", true},
        {"from:\"Billing System\"", true},
        {"-from:system", true},
        {"is:unread", true},
        {"is:read invoice", true},
        {"in:archived", true},
        {"in:all from:ada", true},
        {"in:inactive", true},
        {"subject:report", true},
        {"body:payment", true},
        {"url:portal.example.org", true},
        {"has:link", true},
        {"-has:link", true},
        {"after:2026-11-15", true},
        {"before:2026-11-10 ", true},
        {"on:2026-11-20", true},
        {"partition:2", true},
        {"key:k-7", true},
        {"from:billing OR from:ada", true},
        {"invoice OR report -is:read", true},
        {"\"weekly report\"", true},
        {"payment* after:2026-11-01 has:link", true},
        {"in:all -in:archived is:unread", true},
        {"from:nobody-at-all", false},
    };
    for (const auto &[query, some] : rows)
        QTest::newRow(query) << QString::fromUtf8(query) << some;
}

void TestSearchBox::listShowsWhatMessageSearchFinds()
{
    QFETCH(QString, query);
    QFETCH(bool, someMatch);
    const QVector<qint64> inbox = listedIds();
    search(query);
    QCOMPARE(m_window->model()->spec().searchText, query);
    QVERIFY(problemLine()->isHidden());
    const QVector<qint64> expected = expectedIds(query, InboxFilter::Inbox);
    QCOMPARE(listedIds(), expected);
    QCOMPARE(!expected.isEmpty(), someMatch);
    QVERIFY(expected != inbox); // Each query selects: a list that ignored the operators would fail.
    QCOMPARE(m_window->controller()->countText(),
             expected.size() == 1 ? u"1 match"_s : u"%1 matches"_s.arg(expected.size()));
}

// Queries made of random terms, negations and ORs: the list and MessageSearch agree on each.
void TestSearchBox::randomQueriesAgreeWithMessageSearch()
{
    static const QStringList terms{
        u"invoice"_s, u"report"_s, u"portal"_s, u"weekly"_s, u"pay*"_s, u"from:billing"_s, u"from:ada"_s,
        u"from:system"_s, u"is:unread"_s, u"is:read"_s, u"in:archived"_s, u"in:all"_s, u"in:inactive"_s,
        u"subject:outage"_s, u"body:invoice"_s, u"url:portal"_s, u"has:link"_s, u"after:2026-11-12"_s,
        u"before:2026-11-25"_s, u"on:2026-11-05"_s, u"partition:1"_s, u"key:k-3"_s, u"\"of invoice\""_s,
    };
    QRandomGenerator random(2022);
    int nonEmpty = 0;
    for (int round = 0; round < 120; ++round) {
        QStringList parts;
        const int n = 1 + random.bounded(3);
        for (int i = 0; i < n; ++i) {
            if (i > 0 && random.bounded(4) == 0)
                parts.append(u"OR"_s);
            parts.append((random.bounded(4) == 0 ? u"-"_s : QString()) + terms.at(random.bounded(terms.size())));
        }
        const QString query = parts.join(u' ');
        search(query);
        QVERIFY2(problemLine()->isHidden(), qPrintable(query + u": "_s + problemLine()->text()));
        const QVector<qint64> expected = expectedIds(query, InboxFilter::Inbox);
        QVERIFY2(listedIds() == expected, qPrintable(query));
        nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    QVERIFY2(nonEmpty > 40, qPrintable(QString::number(nonEmpty))); // The queries select something.
}

void TestSearchBox::theFolderIsSearchedUnlessInOverridesIt()
{
    m_window->folderList()->setCurrentRow(int(FolderList::order().indexOf(InboxFilter::Archived)));
    QTRY_COMPARE(m_window->model()->spec().filter, InboxFilter::Archived);
    search(u"from:billing"_s);
    const QVector<qint64> archived = expectedIds(u"from:billing"_s, InboxFilter::Archived);
    QVERIFY(!archived.isEmpty());
    QCOMPARE(listedIds(), archived);
    search(u"from:billing in:inbox"_s);
    const QVector<qint64> inbox = expectedIds(u"from:billing in:inbox"_s, InboxFilter::Inbox);
    QVERIFY(!inbox.isEmpty());
    QCOMPARE(listedIds(), inbox);
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::Archived); // The folder stays chosen.
    QVERIFY(inbox != archived);
}

void TestSearchBox::arrivalsThatMatchAreShown()
{
    search(u"from:ada has:link"_s);
    const int before = m_window->model()->rowCount();
    QVERIFY(before > 0);
    Message match = m_inbox->make(u"New from Ada"_s, u"b"_s, QDateTime::currentDateTimeUtc(), u"Ada Lovelace"_s);
    match.referenceUrl = u"https://portal.example.org/new"_s;
    const Message other = m_inbox->make(u"New from ops"_s, u"b"_s, QDateTime::currentDateTimeUtc(), u"ops-bot"_s);
    QVERIFY(m_inbox->add({match, other}));
    m_window->model()->refreshNewMessages();
    QCOMPARE(m_window->model()->rowCount(), before + 1);
    QCOMPARE(m_window->model()->messageIdAt(0), m_inbox->idOfSubject(u"New from Ada"_s));
    QCOMPARE(listedIds(), expectedIds(u"from:ada has:link"_s, InboxFilter::Inbox));
}

void TestSearchBox::malformedQueryIsSaidInlineAndTheListStays()
{
    search(u"from:billing"_s);
    const QVector<qint64> shown = listedIds();
    QVERIFY(!shown.isEmpty());
    const QString count = m_window->controller()->countText();
    SearchBar *bar = m_window->searchBar();
    bar->setFocus();
    bar->selectAll();
    QTest::keyClicks(bar, u"form:billing"_s);
    // After the typing pause, as a person types it.
    QTRY_VERIFY(problemLine()->isVisible());
    QCOMPARE(problemLine()->text(), u"Not searched: unknown operator 'form:' — did you mean 'from:'?"_s);
    QCOMPARE(bar->problem(), u"unknown operator 'form:' — did you mean 'from:'?"_s);
    QCOMPARE(m_window->model()->spec().searchText, u"from:billing"_s); // Never searched for.
    QCOMPARE(listedIds(), shown);
    QCOMPARE(m_window->controller()->countText(), count);
    QTest::keyClick(bar, Qt::Key_Return); // Return keeps the field: the text is to be fixed.
    QCOMPARE(QApplication::focusWidget(), bar);

    // Other malformed inputs, each in the parser's words.
    search(u"after:30.11.2026"_s);
    QVERIFY(problemLine()->text().contains(u"malformed date for after:"_s));
    search(u"subject:\"open"_s);
    QVERIFY(problemLine()->text().contains(u"unbalanced quote"_s));
    QCOMPARE(listedIds(), shown);

    // Fixed: searched, the line goes.
    search(u"from:ada"_s);
    QVERIFY(problemLine()->isHidden());
    QCOMPARE(listedIds(), expectedIds(u"from:ada"_s, InboxFilter::Inbox));
}

void TestSearchBox::escapeClearsTheProblemAndTheSearch()
{
    const QVector<qint64> inbox = listedIds();
    search(u"is:unread"_s);
    QVERIFY(listedIds() != inbox);
    SearchBar *bar = m_window->searchBar();
    bar->setFocus();
    bar->setText(u"is:unred"_s);
    QTRY_VERIFY(problemLine()->isVisible());
    QVERIFY(problemLine()->text().contains(u"did you mean 'is:unread'?"_s));
    QTest::keyClick(bar, Qt::Key_Escape);
    QVERIFY(problemLine()->isHidden());
    QVERIFY(bar->text().isEmpty());
    QCOMPARE(m_window->model()->spec().searchText, QString());
    QCOMPARE(listedIds(), inbox);
}

QTEST_MAIN(TestSearchBox)
#include "tst_searchbox.moc"
