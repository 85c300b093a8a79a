// A search compiled to SQL (core/store/SearchSql, MessageSearch) against a plain oracle: a
// generated store of 3,000 messages (senders, links, keys, partitions, states, dates around a DST
// change) and 200 random queries; each query's matches from SQLite must be the oracle's, the same
// ids in the same order. The oracle evaluates the parsed query in C++ over every row, with its own
// tokenizer (the store's words are ASCII, where FTS5's unicode61 folds case and splits on
// everything but letters and digits). The newest 600 messages are not indexed yet (issue 24:
// indexed behind the store), so every query also proves the unindexed tail is searched exactly.
// Also: the indexes are used, and a schema-7 file is migrated.
#include "Database.h"
#include "MessageStore.h"
#include "MessageCodec.h"
#include "MessageSearch.h"
#include "SearchIndexer.h"
#include "SearchPager.h"
#include "SearchSql.h"
#include "UnindexedTail.h"
#include "TestInbox.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QStringList Vocabulary{u"invoice"_s, u"invoices"_s, u"inventory"_s, u"portal"_s,  u"port"_s,   u"report"_s,
                             u"payment"_s, u"late"_s,     u"overdue"_s,   u"system"_s,  u"billing"_s, u"maintenance"_s,
                             u"tonight"_s, u"server"_s,   u"alpha"_s,     u"beta"_s,    u"gamma"_s,   u"r2026"_s};
const QStringList Senders{u"System Account"_s, u"Billing System"_s, u"Alice Martin"_s, u"alice.martin@example.org"_s,
                          u"Ops-Bot"_s, u"billing"_s};
const QStringList Urls{QString(), QString(), QString(), u"https://portal.example.org/invoices/42"_s,
                       u"https://status.example.com/"_s, u"http://example.org/report?id=7"_s, u"https://portal.example.org/"_s};
const QStringList Keys{u"key-1"_s, u"k2"_s, u"A b"_s, QString()};

struct Row
{
    qint64 id = 0;
    QString subject, body, sender, url;
    std::optional<QString> key;
    qint64 created = 0;
    int partition = 0;
    qint64 offset = 0;
    bool active = true;
    int placement = 0;
    bool read = false;

    int bucket() const { return MessageBucket::of(active, static_cast<Placement>(placement), read); }
};

QStringList tokens(const QString &text)
{
    QStringList out;
    QString current;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            current += c.toLower();
        } else if (!current.isEmpty()) {
            out.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        out.append(current);
    return out;
}

bool phraseIn(const QString &column, const QString &phrase, bool prefix)
{
    const QStringList hay = tokens(column);
    const QStringList needle = tokens(phrase);
    for (qsizetype i = 0; i + needle.size() <= hay.size(); ++i) {
        bool all = true;
        for (qsizetype j = 0; j < needle.size() && all; ++j) {
            const bool last = j == needle.size() - 1;
            all = (prefix && last) ? hay.at(i + j).startsWith(needle.at(j)) : hay.at(i + j) == needle.at(j);
        }
        if (all)
            return true;
    }
    return false;
}

bool termMatches(const SearchTerm &t, const Row &r)
{
    bool m = false;
    switch (t.kind) {
    case SearchTerm::Kind::Text:
        switch (t.field) {
        case SearchTerm::Field::Any: m = phraseIn(r.subject, t.text, t.prefix) || phraseIn(r.body, t.text, t.prefix); break;
        case SearchTerm::Field::Subject: m = phraseIn(r.subject, t.text, t.prefix); break;
        case SearchTerm::Field::Body: m = phraseIn(r.body, t.text, t.prefix); break;
        case SearchTerm::Field::Sender: m = phraseIn(r.sender, t.text, t.prefix); break;
        case SearchTerm::Field::Url: m = phraseIn(r.url, t.text, t.prefix); break;
        }
        break;
    case SearchTerm::Kind::State: m = t.buckets.contains(r.bucket()); break;
    case SearchTerm::Kind::HasLink: m = !r.url.isEmpty(); break;
    case SearchTerm::Kind::Date: m = r.created >= t.fromMs && r.created < t.toMs; break;
    case SearchTerm::Kind::Partition: m = r.partition == t.number; break;
    case SearchTerm::Kind::Offset: m = r.offset == t.number; break;
    case SearchTerm::Kind::Key: m = r.key && *r.key == t.text; break;
    }
    return m != t.negated;
}

QVector<qint64> oracle(const QVector<Row> &rows, const SearchQuery &q, InboxFilter folder)
{
    QVector<const Row *> hits;
    for (const Row &r : rows) {
        bool all = q.choosesFolder() || MessageBucket::belongsTo(r.bucket(), folder);
        for (const SearchQuery::Clause &c : q.clauses()) {
            all = all && std::any_of(c.cbegin(), c.cend(), [&](const SearchTerm &t) { return termMatches(t, r); });
        }
        if (all)
            hits.append(&r);
    }
    std::sort(hits.begin(), hits.end(), [](const Row *a, const Row *b) {
        return a->created != b->created ? a->created > b->created : a->id > b->id;
    });
    QVector<qint64> ids;
    for (const Row *r : hits)
        ids.append(r->id);
    return ids;
}

// Random query text, written the way a person would type it.
class QueryWriter
{
public:
    QueryWriter(QRandomGenerator *random, const QVector<Row> *rows) : m_random(random), m_rows(rows) {}

    QString query()
    {
        QStringList clauses;
        const int n = 1 + int(m_random->bounded(4));
        for (int i = 0; i < n; ++i) {
            QStringList alternatives;
            const int k = chance(30) ? 2 + int(m_random->bounded(2)) : 1;
            for (int j = 0; j < k; ++j)
                alternatives.append(term());
            clauses.append(alternatives.join(u" OR "_s));
        }
        return clauses.join(u' ');
    }

private:
    bool chance(int percent) { return int(m_random->bounded(100)) < percent; }
    QString pick(const QStringList &list) { return list.at(int(m_random->bounded(int(list.size())))); }
    QString word()
    {
        const QString w = pick(Vocabulary);
        if (chance(15))
            return w.left(3) + u'*';
        return chance(20) ? w.toUpper() : w;
    }
    // Two neighbouring words of a stored message: a phrase that exists.
    QString phrase()
    {
        const Row &r = m_rows->at(int(m_random->bounded(int(m_rows->size()))));
        const QStringList t = tokens(chance(50) ? r.subject : r.body);
        if (t.size() < 2)
            return u'"' + t.value(0, u"alpha"_s) + u'"';
        const int at = int(m_random->bounded(int(t.size()) - 1));
        return u'"' + t.at(at) + u' ' + t.at(at + 1) + u'"';
    }
    QString date()
    {
        switch (m_random->bounded(4)) {
        case 0: return u"%1d"_s.arg(m_random->bounded(70));
        case 1: return pick({u"today"_s, u"yesterday"_s, u"1w"_s, u"3w"_s});
        default: return QDate(2026, 11, 7).addDays(-qint64(m_random->bounded(75))).toString(Qt::ISODate);
        }
    }
    QString term()
    {
        QString t;
        switch (m_random->bounded(16)) {
        case 0: case 1: case 2: t = word(); break;
        case 3: t = phrase(); break;
        case 4: t = u"from:"_s + pick({u"system"_s, u"billing"_s, u"alice"_s, u"\"Billing System\""_s, u"example.org"_s,
                                       u"ops"_s, u"alice.martin@example.org"_s, u"sys*"_s, u"\"System Acc\"*"_s}); break;
        case 5: t = (chance(50) ? u"subject:"_s : u"body:"_s) + (chance(70) ? word() : phrase()); break;
        case 6: t = u"url:"_s + pick({u"portal.example.org"_s, u"example.org"_s, u"status"_s, u"invoices"_s, u"report"_s,
                                      u"https"_s, u"port*"_s, u"\"example.org/report\""_s}); break;
        case 7: t = u"has:link"_s; break;
        case 8: t = pick({u"is:unread"_s, u"is:read"_s}); break;
        case 9: t = u"in:"_s + pick({u"inbox"_s, u"archived"_s, u"snoozed"_s, u"inactive"_s, u"all"_s}); break;
        case 10: case 11: t = pick({u"after:"_s, u"before:"_s, u"on:"_s}) + date(); break;
        case 12: t = u"partition:%1"_s.arg(m_random->bounded(5)); break;
        case 13: t = u"offset:%1"_s.arg(m_random->bounded(800)); break;
        case 14: t = u"key:"_s + pick({u"key-1"_s, u"k2"_s, u"\"A b\""_s, u"nope"_s}); break;
        default: t = word(); break;
        }
        return chance(20) ? u'-' + t : t;
    }

    QRandomGenerator *m_random;
    const QVector<Row> *m_rows;
};

} // namespace

class TestSearchSql : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void randomQueriesMatchTheOracle();
    void randomQueriesReadByPagesMatchTheOracle();
    void pagesOfOneCrossEveryTie();
    void knownQueries_data();
    void knownQueries();
    void indexesAnswerTheCommonQueries_data();
    void indexesAnswerTheCommonQueries();
    void wordsInAFolderAreLookedUpFirst_data();
    void wordsInAFolderAreLookedUpFirst();
    void fewMessagesInTheStatesGoFirst();
    void countAndLimitAgree();
    void aSchema7FileIsIndexedWhenOpened();

private:
    QVector<qint64> run(const QString &text, InboxFilter folder, QString *failure);
    /// The same read by SearchPager, pages of `pageSize` (random from 1 to 9 when 0); `paged`
    /// false when the query is not read by pages (then nothing is returned).
    QVector<qint64> runByPages(const QString &text, InboxFilter folder, int pageSize, QRandomGenerator *random,
                               bool *paged, QString *failure);
    /// SQLite's plan for `text` searched in `folder`, its steps joined by " | " (empty on failure).
    QString planOf(const QString &text, InboxFilter folder, const SearchSql::BucketCounts *counts = nullptr);

    std::unique_ptr<TestInbox> m_inbox;
    QVector<Row> m_rows;
    SearchClock m_clock;
};

void TestSearchSql::initTestCase()
{
    // Berlin, 12 days after its DST change: dates on both sides of it.
    m_clock = {QDateTime::fromString(u"2026-11-07T10:00:00+01:00"_s, Qt::ISODate), QTimeZone("Europe/Berlin")};
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    QRandomGenerator random(20261207);
    const qint64 now = m_clock.now.toMSecsSinceEpoch();
    QVector<Message> batch;
    qint64 offsets[4] = {0, 0, 0, 0};
    auto sentence = [&](int min, int max) {
        QStringList words;
        const int n = min + int(random.bounded(max - min + 1));
        for (int i = 0; i < n; ++i)
            words.append(Vocabulary.at(int(random.bounded(int(Vocabulary.size())))));
        QString s = words.join(u' ');
        return random.bounded(3) == 0 ? s.replace(u' ', u", "_s) : s;
    };
    for (int i = 0; i < 3000; ++i) {
        Row r;
        r.subject = sentence(1, 5);
        r.body = sentence(2, 10);
        if (random.bounded(10) == 0)
            r.subject[0] = r.subject.at(0).toUpper();
        r.sender = Senders.at(int(random.bounded(int(Senders.size()))));
        r.url = Urls.at(int(random.bounded(int(Urls.size()))));
        const int key = int(random.bounded(8));
        if (key < int(Keys.size()))
            r.key = Keys.at(key);
        // Some at exactly midnight in Berlin (a day's first instant), some sharing a time (the id decides).
        if (random.bounded(20) == 0)
            r.created = QDate(2026, 11, 7).addDays(-qint64(random.bounded(70))).startOfDay(m_clock.zone).toMSecsSinceEpoch();
        else if (random.bounded(20) == 0 && !m_rows.isEmpty())
            r.created = m_rows.last().created;
        else
            r.created = now - qint64(random.bounded(70 * 24 * 3600)) * 1000;
        r.partition = int(random.bounded(4));
        r.offset = offsets[r.partition]++;
        r.active = random.bounded(100) < 85;
        const int p = int(random.bounded(100));
        r.placement = p < 60 ? 0 : p < 85 ? 1 : 2;
        r.read = random.bounded(2) == 0;
        Message m = m_inbox->make(r.subject, r.body, QDateTime::fromMSecsSinceEpoch(r.created, Qt::UTC), r.sender);
        m.referenceUrl = r.url;
        m.kafkaKey = r.key;
        m.kafkaPartition = r.partition;
        m.kafkaOffset = r.offset;
        m.uuid = MessageCodec::uuidForCoordinates(u"t"_s, r.partition, r.offset);
        m.isActive = r.active;
        batch.append(m);
        m_rows.append(r);
    }
    // The last fifth stored as the ingest stores it, indexed behind (issue 24) by an indexer that
    // does not run here: every query below also reads that unindexed tail (UnindexedTail).
    QVERIFY(m_inbox->add(batch.mid(0, 2400)));
    m_inbox->store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    QVERIFY(m_inbox->add(batch.mid(2400)));
    StoreError markError;
    QCOMPARE(SearchIndexer::indexedUpTo(m_inbox->database(), &markError), 2400);
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"SELECT id FROM messages ORDER BY id"_s));
    for (Row &r : m_rows) {
        QVERIFY(q.next());
        r.id = q.value(0).toLongLong();
    }
    QVERIFY(m_inbox->database().transaction());
    QSqlQuery state(m_inbox->database());
    QVERIFY(state.prepare(u"UPDATE messages SET is_archived = ?, is_read = ?, snoozed_until = ? WHERE id = ?"_s));
    for (const Row &r : std::as_const(m_rows)) {
        state.addBindValue(r.placement);
        state.addBindValue(r.read ? 1 : 0);
        state.addBindValue(r.placement == 2 ? now + 3600'000 : 0);
        state.addBindValue(r.id);
        QVERIFY2(state.exec(), qPrintable(state.lastError().text()));
    }
    QVERIFY(m_inbox->database().commit());
}

QVector<qint64> TestSearchSql::run(const QString &text, InboxFilter folder, QString *failure)
{
    SearchParseError parseError;
    const SearchQuery q = SearchQuery::parse(text, m_clock, &parseError);
    if (parseError.isError()) {
        *failure = u"does not parse: "_s + parseError.message;
        return {};
    }
    StoreError error;
    const QVector<MessageIndex::Hit> hits = MessageSearch(m_inbox->database()).matches(q, folder, MessageSearch::NoLimit, &error);
    if (error.isError()) {
        const SearchSql sql = SearchSql::compile(q, folder);
        *failure = error.text + u"\n"_s + sql.where();
        return {};
    }
    QVector<qint64> ids;
    for (const MessageIndex::Hit &h : hits)
        ids.append(h.id);
    return ids;
}

void TestSearchSql::randomQueriesMatchTheOracle()
{
    const quint32 seed = qEnvironmentVariableIsSet("NS_SEARCH_SEED") ? quint32(qEnvironmentVariableIntValue("NS_SEARCH_SEED"))
                                                                     : 22u;
    QRandomGenerator random(seed);
    QueryWriter writer(&random, &m_rows);
    const InboxFilter folders[] = {InboxFilter::All, InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Archived,
                                   InboxFilter::Snoozed, InboxFilter::Inactive};
    int some = 0, notAll = 0;
    for (int i = 0; i < 200; ++i) {
        const QString text = writer.query();
        const InboxFilter folder = folders[random.bounded(6)];
        QString failure;
        const QVector<qint64> got = run(text, folder, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(u"seed %1, query %2 «%3»: %4"_s.arg(seed).arg(i).arg(text, failure)));
        SearchParseError error;
        const QVector<qint64> expected = oracle(m_rows, SearchQuery::parse(text, m_clock, &error), folder);
        if (got != expected) {
            const SearchSql sql = SearchSql::compile(SearchQuery::parse(text, m_clock, &error), folder);
            QFAIL(qPrintable(u"seed %1, query %2 «%3» in %4: %5 matches, the oracle %6\nSQL: %7"_s.arg(seed).arg(i).arg(text,
                inboxFilterName(folder)).arg(got.size()).arg(expected.size()).arg(sql.where())));
        }
        some += got.isEmpty() ? 0 : 1;
        notAll += got.size() < m_rows.size() ? 1 : 0;
    }
    // The comparison means something only if the queries select: many find some, nearly all not everything.
    qInfo("%d of 200 queries found something", some);
    QVERIFY2(some >= 60, qPrintable(QString::number(some)));
    QVERIFY(notAll >= 190);
}

QVector<qint64> TestSearchSql::runByPages(const QString &text, InboxFilter folder, int pageSize, QRandomGenerator *random,
                                          bool *paged, QString *failure)
{
    SearchParseError parseError;
    const SearchQuery q = SearchQuery::parse(text, m_clock, &parseError);
    StoreError error;
    const std::unique_ptr<SearchPager> pager = SearchPager::open(m_inbox->database(), q, folder, {}, MessageSearch::NoLimit, &error);
    *paged = pager != nullptr;
    QVector<qint64> ids;
    if (error.isError())
        *failure = error.text;
    while (pager && !pager->atEnd()) {
        const int size = pageSize > 0 ? pageSize : 1 + int(random->bounded(9));
        const QVector<MessageIndex::Hit> page = pager->next(size, &error);
        if (error.isError()) {
            *failure = error.text;
            break;
        }
        if (page.size() > size || (page.size() < size && !pager->atEnd())) {
            *failure = u"a page of %1 for %2 asked"_s.arg(page.size()).arg(size);
            break;
        }
        for (const MessageIndex::Hit &h : page)
            ids.append(h.id);
    }
    return ids;
}

// The same 200 queries read newest first a page at a time (SearchPager), the pages' sizes random
// so their boundaries fall everywhere, also between messages of the same date: a row missed, met
// twice or out of order at a boundary is a difference with the oracle.
void TestSearchSql::randomQueriesReadByPagesMatchTheOracle()
{
    const quint32 seed = qEnvironmentVariableIsSet("NS_SEARCH_SEED") ? quint32(qEnvironmentVariableIntValue("NS_SEARCH_SEED"))
                                                                     : 22u;
    QRandomGenerator random(seed);
    QueryWriter writer(&random, &m_rows);
    const InboxFilter folders[] = {InboxFilter::All, InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Archived,
                                   InboxFilter::Snoozed, InboxFilter::Inactive};
    int paged = 0;
    for (int i = 0; i < 200; ++i) {
        const QString text = writer.query();
        const InboxFilter folder = folders[random.bounded(6)];
        QString failure;
        bool byPages = false;
        const QVector<qint64> got = runByPages(text, folder, 0, &random, &byPages, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(u"seed %1, query %2 «%3»: %4"_s.arg(seed).arg(i).arg(text, failure)));
        if (!byPages)
            continue;
        ++paged;
        SearchParseError error;
        const QVector<qint64> expected = oracle(m_rows, SearchQuery::parse(text, m_clock, &error), folder);
        QVERIFY2(got == expected, qPrintable(u"seed %1, query %2 «%3» in %4: %5 matches by pages, the oracle %6"_s.arg(seed)
                                                 .arg(i).arg(text, inboxFilterName(folder)).arg(got.size()).arg(expected.size())));
    }
    qInfo("%d of 200 queries read by pages", paged);
    QVERIFY2(paged >= 40, qPrintable(QString::number(paged)));
}

// Pages of one message each: every boundary is tried, among them those inside a run of messages
// of the same date (one in twenty shares its time with the one before), where the id decides.
void TestSearchSql::pagesOfOneCrossEveryTie()
{
    for (const char *text : {"has:link", "-from:system", "after:30d", "partition:1 OR partition:2", "in:all url:portal"}) {
        QString failure;
        bool paged = false;
        const QVector<qint64> got = runByPages(QString::fromUtf8(text), InboxFilter::All, 1, nullptr, &paged, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY2(paged, text);
        SearchParseError error;
        const QVector<qint64> expected = oracle(m_rows, SearchQuery::parse(QString::fromUtf8(text), m_clock, &error), InboxFilter::All);
        QVERIFY(expected.size() > 200);
        QCOMPARE(got, expected);
    }
}

void TestSearchSql::knownQueries_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("folder");
    for (const char *q : {"from:\"Billing System\"", "from:billing -from:system", "url:portal.example.org", "-has:link",
                          "is:unread after:7d", "in:snoozed OR in:archived", "key:\"A b\"", "-key:k2", "partition:2 offset:10",
                          "invoice OR payment -late", "subject:inv* body:\"late payment\"", "on:2026-10-25",
                          "before:2026-10-26 after:2026-10-25", "-is:read -in:inactive", "\"system\" from:system"})
        QTest::newRow(q) << QString::fromUtf8(q) << int(InboxFilter::All);
    QTest::newRow("the folder applies without in:") << u"invoice"_s << int(InboxFilter::Archived);
    QTest::newRow("in: overrides the folder") << u"invoice in:snoozed"_s << int(InboxFilter::Archived);
    QTest::newRow("nothing typed: the folder") << u""_s << int(InboxFilter::Unread);
}

void TestSearchSql::knownQueries()
{
    QFETCH(QString, text);
    QFETCH(int, folder);
    QString failure;
    const QVector<qint64> got = run(text, InboxFilter(folder), &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    SearchParseError error;
    const QVector<qint64> expected = oracle(m_rows, SearchQuery::parse(text, m_clock, &error), InboxFilter(folder));
    QVERIFY2(!expected.isEmpty(), "a query that finds nothing proves little");
    QCOMPARE(got, expected);
}

QString TestSearchSql::planOf(const QString &text, InboxFilter folder, const SearchSql::BucketCounts *counts)
{
    SearchParseError error;
    const SearchQuery query = SearchQuery::parse(text, m_clock, &error);
    const SearchSql sql = counts ? SearchSql::compile(query, folder, *counts) : SearchSql::compile(query, folder);
    QSqlDatabase db = m_inbox->database();
    StoreError tailError;
    [&] { QVERIFY2(UnindexedTail::refresh(db, &tailError), qPrintable(tailError.text)); }();
    QSqlQuery q(db);
    QStringList plan;
    [&] {
        QVERIFY(q.prepare(u"EXPLAIN QUERY PLAN "_s + sql.select()));
        for (const QVariant &v : sql.binds())
            q.addBindValue(v);
        q.addBindValue(MessageSearch::NoLimit);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        while (q.next())
            plan.append(q.value(3).toString());
    }();
    return plan.join(u" | "_s);
}

void TestSearchSql::indexesAnswerTheCommonQueries_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("index"); // What the plan must use.
    QTest::newRow("state and date") << u"is:unread after:7d"_s << u"messages_view_date"_s;
    QTest::newRow("sender and link") << u"from:billing has:link"_s << u"messages_sender_url_fts"_s;
    QTest::newRow("words") << u"invoice payment"_s << u"messages_fts"_s;
}

void TestSearchSql::indexesAnswerTheCommonQueries()
{
    QFETCH(QString, text);
    QFETCH(QString, index);
    const QString all = planOf(text, InboxFilter::All);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY2(all.contains(index), qPrintable(all));
    // No step reads the whole messages table.
    QVERIFY2(!all.contains(QRegularExpression(u"SCAN m( |$)"_s)), qPrintable(all));
}

// The window searches its folder: the folder's bucket index must not drive a word search (it
// would read every message of the folder to keep the few that match), as FtsQuery's never did.
void TestSearchSql::wordsInAFolderAreLookedUpFirst_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("index");
    QTest::newRow("words") << u"invoice"_s << u"messages_fts"_s;
    QTest::newRow("sender and link") << u"from:billing has:link"_s << u"messages_sender_url_fts"_s;
    QTest::newRow("words and a date") << u"invoice after:2026-10-01"_s << u"messages_fts"_s;
}

void TestSearchSql::wordsInAFolderAreLookedUpFirst()
{
    QFETCH(QString, text);
    QFETCH(QString, index);
    const QString all = planOf(text, InboxFilter::Inbox);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY2(all.contains(index), qPrintable(all));
    QVERIFY2(!all.contains(u"messages_view_"_s), qPrintable(all));
    QVERIFY2(!all.contains(QRegularExpression(u"SCAN m( |$)"_s)), qPrintable(all));
}

// When the query's states hold few messages (is:unread: a saved search's count), their bucket
// index drives a query with words: it reads those few, not every match of the words.
void TestSearchSql::fewMessagesInTheStatesGoFirst()
{
    SearchSql::BucketCounts few{};
    for (int b = 0; b < MessageBucket::Count; ++b)
        few[size_t(b)] = MessageBucket::isRead(b) ? 100'000 : 100; // Unread: 0.1 %.
    SearchSql::BucketCounts many{};
    many.fill(100'000);
    for (const QString &text : {u"from:billing is:unread"_s, u"invoice is:unread"_s}) {
        const QString first = planOf(text, InboxFilter::All, &few);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY2(first.contains(u"messages_view_"_s), qPrintable(text + u": "_s + first));
        const QString words = planOf(text, InboxFilter::All, &many);
        QVERIFY2(!words.contains(u"messages_view_"_s), qPrintable(text + u": "_s + words));
        QVERIFY2(!first.contains(QRegularExpression(u"SCAN m( |$)"_s)), qPrintable(first));
    }
    // The results are the same either way (the oracle tests run through MessageSearch, which
    // reads the store's counts); here both plans answer alike on this store.
    SearchParseError error;
    const SearchQuery q = SearchQuery::parse(u"from:billing is:unread"_s, m_clock, &error);
    QVERIFY(!error.isError());
    QString failure;
    QCOMPARE(run(u"from:billing is:unread"_s, InboxFilter::All, &failure), oracle(m_rows, q, InboxFilter::All));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestSearchSql::countAndLimitAgree()
{
    SearchParseError error;
    const SearchQuery q = SearchQuery::parse(u"is:unread OR has:link"_s, m_clock, &error);
    MessageSearch search(m_inbox->database());
    StoreError storeError;
    const QVector<MessageIndex::Hit> all = search.matches(q, InboxFilter::All, MessageSearch::NoLimit, &storeError);
    QVERIFY(!storeError.isError());
    QCOMPARE(search.count(q, InboxFilter::All, MessageSearch::NoLimit, &storeError), all.size());
    // Up to an id: what was stored before a refresh.
    const qint64 maxId = m_rows.at(1499).id;
    const QVector<MessageIndex::Hit> early = search.matches(q, InboxFilter::All, maxId, &storeError);
    QVERIFY(!early.isEmpty() && early.size() < all.size());
    for (const MessageIndex::Hit &h : early)
        QVERIFY(h.id <= maxId);
    QCOMPARE(search.count(q, InboxFilter::All, maxId, &storeError), early.size());
    for (const MessageIndex::Hit &h : all) {
        const auto row = std::find_if(m_rows.cbegin(), m_rows.cend(), [&](const Row &r) { return r.id == h.id; });
        QCOMPARE(h.read, row->read);
    }
}

// A user's file from before from: and url: had an index: opening it builds that index from the
// messages already there.
void TestSearchSql::aSchema7FileIsIndexedWhenOpened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"old.sqlite"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"old"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        StoreError error;
        QVERIFY(Database::migrate(db, 7, &error));
        QSqlQuery q(db);
        QVERIFY2(q.exec(u"INSERT INTO messages (uuid, subject, body, reference_url, created_by, created_date, kafka_topic,"
                        " kafka_partition, kafka_offset, received_date) VALUES ('u1', 'Quarterly invoice', 'Pay it',"
                        " 'https://portal.example.org/q3', 'Billing System', 1, 't', 0, 0, 1)"_s),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.exec(u"INSERT INTO messages_fts (rowid, subject, body) SELECT id, subject, body FROM messages"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"old"_s);
    TestInbox reopened(path);
    QVERIFY2(reopened.isValid(), qPrintable(reopened.errorText()));
    SearchParseError error;
    StoreError storeError;
    MessageSearch search(reopened.database());
    for (const QString &text : {u"from:billing"_s, u"url:portal.example.org invoice"_s, u"from:\"billing system\" has:link"_s}) {
        const SearchQuery q = SearchQuery::parse(text, m_clock, &error);
        QCOMPARE(search.count(q, InboxFilter::All, MessageSearch::NoLimit, &storeError), 1);
    }
    QCOMPARE(search.count(SearchQuery::parse(u"from:alice"_s, m_clock, &error), InboxFilter::All, MessageSearch::NoLimit,
                          &storeError), 0);
}

QTEST_GUILESS_MAIN(TestSearchSql)
#include "tst_searchsql.moc"
