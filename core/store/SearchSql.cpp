#include "SearchSql.h"

#include "Database.h"
#include "UnindexedTail.h"

#include <QSet>
#include <QStringList>

#include <algorithm>

namespace ns {
namespace {

using Field = SearchTerm::Field;
using Kind = SearchTerm::Kind;

// The two full-text indexes and what they hold.
enum class FtsTable { Text, SenderUrl, Count };

FtsTable tableOf(const SearchTerm &t)
{
    return t.field == Field::Sender || t.field == Field::Url ? FtsTable::SenderUrl : FtsTable::Text;
}

// Inside an FTS5 string only the double quote is special, escaped by doubling. The string is
// tokenized like the column, so "portal.example.org" is the phrase portal example org.
QString ftsString(const QString &s)
{
    QString body = s;
    body.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + body + QLatin1Char('"');
}

QString ftsTerm(const SearchTerm &t)
{
    QString column;
    switch (t.field) {
    case Field::Any: break; // messages_fts holds the subject and the body, nothing else.
    case Field::Subject: column = QStringLiteral("{subject} : "); break;
    case Field::Body: column = QStringLiteral("{body} : "); break;
    case Field::Sender: column = QStringLiteral("{created_by} : "); break;
    case Field::Url: column = QStringLiteral("{reference_url} : "); break;
    }
    return column + ftsString(t.text) + (t.prefix ? QStringLiteral("*") : QString());
}

// The index and its unindexed tail (UnindexedTail): the MATCH expression is bound twice.
QString matchCondition(FtsTable table, bool negated, const QString &expression, QVariantList *binds)
{
    binds->append(expression);
    binds->append(expression);
    const auto index = table == FtsTable::Text ? UnindexedTail::Index::Text : UnindexedTail::Index::SenderUrl;
    return QStringLiteral("m.id %1IN (%2)").arg(negated ? QStringLiteral("NOT ") : QString(), UnindexedTail::matchingRowids(index));
}

QString intList(const QVector<int> &values)
{
    QStringList parts;
    for (int v : values)
        parts.append(QString::number(v));
    return parts.join(QLatin1Char(','));
}

// A set of buckets as conditions on the bucket columns themselves, so the bucket-first indexes
// serve them: one IN per column when the set is a product of per-column sets (every folder and
// is: is one, and so is their intersection), else one equality triple per bucket.
//
// `indexed` false: the columns are written +m.col, which no index serves. For a query with words:
// SQLite would otherwise walk the folder's bucket index (every message of the folder, 895,526 in
// the Inbox of the 1,000,000-message bench store: 120 ms for `invoice`) and test each against
// the full-text matches, instead of reading the few matches first (6 ms, as FtsQuery's search did).
QString bucketColumns(const QVector<int> &buckets, bool indexed)
{
    const QString m = indexed ? QStringLiteral("m.") : QStringLiteral("+m.");
    if (buckets.isEmpty())
        return QStringLiteral("0");
    QSet<int> active, placement, read;
    for (int b : buckets) {
        active.insert(MessageBucket::isActive(b) ? 1 : 0);
        placement.insert(static_cast<int>(MessageBucket::placement(b)));
        read.insert(MessageBucket::isRead(b) ? 1 : 0);
    }
    auto sorted = [](const QSet<int> &s) {
        QVector<int> v(s.cbegin(), s.cend());
        std::sort(v.begin(), v.end());
        return v;
    };
    if (active.size() * placement.size() * read.size() == buckets.size()) {
        return QStringLiteral("%4is_active IN (%1) AND %4is_archived IN (%2) AND %4is_read IN (%3)")
            .arg(intList(sorted(active)), intList(sorted(placement)), intList(sorted(read)), m);
    }
    QStringList each;
    for (int b : buckets) {
        each.append(QStringLiteral("(%4is_active = %1 AND %4is_archived = %2 AND %4is_read = %3)")
                        .arg(MessageBucket::isActive(b) ? 1 : 0)
                        .arg(static_cast<int>(MessageBucket::placement(b)))
                        .arg(MessageBucket::isRead(b) ? 1 : 0)
                        .arg(m));
    }
    return QLatin1Char('(') + each.join(QStringLiteral(" OR ")) + QLatin1Char(')');
}

QVector<int> allBuckets()
{
    QVector<int> all;
    for (int b = 0; b < MessageBucket::Count; ++b)
        all.append(b);
    return all;
}

QVector<int> complement(const QVector<int> &buckets)
{
    QVector<int> out;
    for (int b = 0; b < MessageBucket::Count; ++b) {
        if (!buckets.contains(b))
            out.append(b);
    }
    return out;
}

QVector<int> intersect(const QVector<int> &a, const QVector<int> &b)
{
    QVector<int> out;
    for (int x : a) {
        if (b.contains(x))
            out.append(x);
    }
    return out;
}

// One term as a condition of its own (inside an OR, or where nothing better applies).
QString termCondition(const SearchTerm &t, QVariantList *binds)
{
    const bool no = t.negated;
    switch (t.kind) {
    case Kind::Text:
        return matchCondition(tableOf(t), no, ftsTerm(t), binds);
    case Kind::State:
        // A bucket expression: inside an OR the index is not used anyway, and it reads best.
        return QStringLiteral("%1 %2IN (%3)")
            .arg(Database::bucketExpression("m"), no ? QStringLiteral("NOT ") : QString(), intList(t.buckets));
    case Kind::HasLink: return no ? QStringLiteral("m.reference_url = ''") : QStringLiteral("m.reference_url <> ''");
    case Kind::Date: {
        QStringList range;
        if (t.fromMs != SearchTerm::Unbounded) {
            range.append(QStringLiteral("m.created_date >= ?"));
            binds->append(t.fromMs);
        }
        if (t.toMs != SearchTerm::Open) {
            range.append(QStringLiteral("m.created_date < ?"));
            binds->append(t.toMs);
        }
        const QString both = QLatin1Char('(') + range.join(QStringLiteral(" AND ")) + QLatin1Char(')');
        return no ? QStringLiteral("NOT ") + both : both;
    }
    case Kind::Partition:
    case Kind::Offset:
        binds->append(t.number);
        return QStringLiteral("m.%1 %2 ?")
            .arg(t.kind == Kind::Partition ? QStringLiteral("kafka_partition") : QStringLiteral("kafka_offset"),
                 no ? QStringLiteral("<>") : QStringLiteral("="));
    case Kind::Key:
        // IS: a message without a key (NULL) is simply not that key, also when negated.
        binds->append(t.text);
        return no ? QStringLiteral("m.kafka_key IS NOT ?") : QStringLiteral("m.kafka_key IS ?");
    }
    return QStringLiteral("0");
}

// The words of a clause for one MATCH: every term a word of the same index, and a negation only alone.
bool fitsOneMatch(const SearchQuery::Clause &clause, FtsTable *table)
{
    for (const SearchTerm &t : clause) {
        if (t.kind != Kind::Text || tableOf(t) != tableOf(clause.first()) || (t.negated && clause.size() > 1))
            return false;
    }
    *table = tableOf(clause.first());
    return true;
}

} // namespace

SearchSql SearchSql::compile(const SearchQuery &query, InboxFilter folder)
{
    return compile(query, folder, nullptr);
}

SearchSql SearchSql::compile(const SearchQuery &query, InboxFilter folder, const BucketCounts &counts)
{
    return compile(query, folder, &counts);
}

SearchSql SearchSql::compile(const SearchQuery &query, InboxFilter folder, const BucketCounts *counts)
{
    QVector<int> buckets = allBuckets();
    struct Match
    {
        QStringList all;  ///< Each must match.
        QStringList none; ///< None may match.
    };
    Match matches[static_cast<int>(FtsTable::Count)];
    QStringList others;
    QVariantList otherBinds;
    for (const SearchQuery::Clause &clause : query.clauses()) {
        const bool stateOnly = std::all_of(clause.cbegin(), clause.cend(), [](const SearchTerm &t) { return t.kind == Kind::State; });
        if (stateOnly) {
            QVector<int> any;
            for (const SearchTerm &t : clause) {
                for (int b : t.negated ? complement(t.buckets) : t.buckets) {
                    if (!any.contains(b))
                        any.append(b);
                }
            }
            std::sort(any.begin(), any.end());
            buckets = intersect(buckets, any);
            continue;
        }
        FtsTable table = FtsTable::Text;
        if (fitsOneMatch(clause, &table)) {
            Match &m = matches[static_cast<int>(table)];
            if (clause.size() == 1 && clause.first().negated) {
                m.none.append(ftsTerm(clause.first()));
            } else {
                QStringList alternatives;
                for (const SearchTerm &t : clause)
                    alternatives.append(ftsTerm(t));
                m.all.append(QLatin1Char('(') + alternatives.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
            }
            continue;
        }
        QStringList alternatives;
        for (const SearchTerm &t : clause)
            alternatives.append(termCondition(t, &otherBinds));
        others.append(QLatin1Char('(') + alternatives.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    }
    if (!query.choosesFolder())
        buckets = intersect(buckets, MessageBucket::of(folder));

    SearchSql sql;
    QStringList where;
    // Words found first when there are any (see bucketColumns): their matches are the few rows.
    const bool words = std::any_of(std::begin(matches), std::end(matches), [](const Match &m) { return !m.all.isEmpty(); });
    bool fewInBuckets = false;
    if (words && counts) {
        qint64 in = 0, total = 0;
        for (int b = 0; b < MessageBucket::Count; ++b) {
            total += (*counts)[static_cast<size_t>(b)];
            in += buckets.contains(b) ? (*counts)[static_cast<size_t>(b)] : 0;
        }
        fewInBuckets = in * 8 <= total;
    }
    if (buckets.size() < MessageBucket::Count)
        where.append(bucketColumns(buckets, !words || fewInBuckets));
    QStringList pageWhere, candidates, exclusions;
    for (int i = 0; i < static_cast<int>(FtsTable::Count); ++i) {
        const Match &m = matches[i];
        const auto table = static_cast<FtsTable>(i);
        if (!m.all.isEmpty()) {
            QString expression = m.all.join(QStringLiteral(" AND "));
            for (const QString &n : m.none)
                expression = QStringLiteral("(%1) NOT (%2)").arg(expression, n);
            where.append(matchCondition(table, false, expression, &sql.m_binds));
            const auto index = table == FtsTable::Text ? UnindexedTail::Index::Text : UnindexedTail::Index::SenderUrl;
            candidates.append(QStringLiteral("SELECT rowid FROM (%1)").arg(UnindexedTail::matchingRowids(index)));
            sql.m_candidateBinds << expression << expression;
        } else if (!m.none.isEmpty()) {
            const QString expression = m.none.join(QStringLiteral(" OR "));
            where.append(matchCondition(table, true, expression, &sql.m_binds));
            const auto index = table == FtsTable::Text ? UnindexedTail::Index::Text : UnindexedTail::Index::SenderUrl;
            exclusions.append(QStringLiteral("SELECT rowid FROM (%1)").arg(UnindexedTail::matchingRowids(index)));
            sql.m_exclusionBinds << expression << expression;
        }
    }
    where += others;
    sql.m_binds += otherBinds;
    pageWhere += others;
    sql.m_pageBinds += otherBinds;
    sql.m_buckets = buckets;
    sql.m_bucketsOnly = others.isEmpty()
        && std::all_of(std::begin(matches), std::end(matches), [](const Match &m) { return m.all.isEmpty() && m.none.isEmpty(); });
    sql.m_where = where.isEmpty() ? QStringLiteral("1") : where.join(QStringLiteral(" AND "));
    sql.m_pageWhere = pageWhere.isEmpty() ? QStringLiteral("1") : pageWhere.join(QStringLiteral(" AND "));
    sql.m_candidates = candidates.join(QStringLiteral(" INTERSECT "));
    sql.m_exclusions = exclusions.join(QStringLiteral(" UNION "));

    // Paged when the states hold many messages: else their bucket index reads the few at once.
    bool manyInBuckets = false;
    if (counts) {
        qint64 in = 0, total = 0;
        for (int b = 0; b < MessageBucket::Count; ++b) {
            total += (*counts)[static_cast<size_t>(b)];
            in += buckets.contains(b) ? (*counts)[static_cast<size_t>(b)] : 0;
        }
        manyInBuckets = in * 8 > total;
    }
    const bool exact = std::any_of(query.clauses().cbegin(), query.clauses().cend(), [](const SearchQuery::Clause &c) {
        return std::any_of(c.cbegin(), c.cend(), [](const SearchTerm &t) {
            return !t.negated && (t.kind == Kind::Offset || t.kind == Kind::Key);
        });
    });
    sql.m_pageable = !sql.m_bucketsOnly && manyInBuckets && !exact;
    return sql;
}

QString SearchSql::select() const
{
    return QStringLiteral("SELECT m.id, m.is_read FROM messages m WHERE %1 AND m.id <= ?"
                          " ORDER BY m.created_date DESC, m.id DESC")
        .arg(m_where);
}

QString SearchSql::select(const InboxSort &sort) const
{
    const QString dir = sort.ascending() ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString order;
    switch (sort.key) {
    case InboxSortKey::Date: order = QStringLiteral("m.created_date %1, m.id %1").arg(dir); break;
    // NOCASE as MessageIndex sorts, so a search and its folder list the same rows alike.
    case InboxSortKey::Subject: order = QStringLiteral("m.subject COLLATE NOCASE %1, m.id %1").arg(dir); break;
    case InboxSortKey::Sender: order = QStringLiteral("m.created_by COLLATE NOCASE %1, m.id %1").arg(dir); break;
    case InboxSortKey::Unread: order = QStringLiteral("m.is_read %1, m.created_date DESC, m.id DESC").arg(dir); break;
    }
    return QStringLiteral("SELECT m.id, m.is_read FROM messages m WHERE %1 AND m.id <= ? ORDER BY %2").arg(m_where, order);
}

QString SearchSql::idsBetween() const
{
    return QStringLiteral("SELECT m.id FROM messages m WHERE %1 AND m.id > ? AND m.id <= ? ORDER BY m.id").arg(m_where);
}

QString SearchSql::page(int bucket, const QString &candidatesTable, const QString &exclusionsTable) const
{
    // The bucket's date index (messages_view_date) walked newest first from the place; INDEXED BY,
    // else SQLite reads every match of the words first (their ids) and sorts them, which is what
    // paging avoids. A message is looked up in the tables of words by rowid: no list is built per
    // statement. (One statement per bucket: SQLite's merge of a UNION ALL of them read every row
    // of the buckets when a condition needed the table's row, has:link among them.)
    QString words;
    if (!candidatesTable.isEmpty())
        words += QStringLiteral(" AND m.id IN temp.%1").arg(candidatesTable);
    if (!exclusionsTable.isEmpty())
        words += QStringLiteral(" AND m.id NOT IN temp.%1").arg(exclusionsTable);
    return QStringLiteral("SELECT m.id, m.is_read, m.created_date FROM messages m INDEXED BY messages_view_date"
                          " WHERE m.is_active = %1 AND m.is_archived = %2 AND m.is_read = %3 AND %4%5"
                          " AND m.id <= ? AND (m.created_date, m.id) < (?, ?)"
                          " ORDER BY m.created_date DESC, m.id DESC LIMIT ?")
        .arg(MessageBucket::isActive(bucket) ? 1 : 0)
        .arg(static_cast<int>(MessageBucket::placement(bucket)))
        .arg(MessageBucket::isRead(bucket) ? 1 : 0)
        .arg(m_pageWhere, words);
}

QString SearchSql::count() const
{
    return QStringLiteral("SELECT count(*) FROM messages m WHERE %1 AND m.id <= ?").arg(m_where);
}

} // namespace ns
