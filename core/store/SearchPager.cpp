#include "SearchPager.h"

#include "TempWritesAllowed.h"
#include "UnindexedTail.h"

#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <vector>
#include <cmath>
#include <limits>

namespace ns {
namespace {

constexpr qint64 Top = std::numeric_limits<qint64>::max();

StoreError searchError(const QSqlQuery &q)
{
    return StoreError::fromSql(q.lastError(), QStringLiteral("searching"));
}

void dropTable(const QSqlDatabase &db, const QString &table)
{
    const TempWritesAllowed temp(db);
    QSqlQuery q(db);
    q.exec(QStringLiteral("DROP TABLE IF EXISTS temp.%1").arg(table));
}

// A TEMP table of the rowids `select` gives, named after the pager; the rows it holds, or -1.
qint64 fillTable(const QSqlDatabase &db, const QString &table, const QString &select, const QVariantList &binds,
                 StoreError *error)
{
    const TempWritesAllowed temp(db);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TEMP TABLE %1 (id INTEGER PRIMARY KEY)").arg(table))) {
        *error = searchError(q);
        return -1;
    }
    bool ok = q.prepare(QStringLiteral("INSERT OR IGNORE INTO temp.%1 (id) %2").arg(table, select));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!ok || !q.exec()) {
        *error = searchError(q);
        q.finish();
        q.exec(QStringLiteral("DROP TABLE IF EXISTS temp.%1").arg(table));
        return -1;
    }
    return q.numRowsAffected();
}

} // namespace

SearchPager::SearchPager(QSqlDatabase db, SearchSql sql, qint64 maxId)
    : m_db(std::move(db)), m_sql(std::move(sql)), m_maxId(maxId), m_date(Top), m_id(Top)
{
}

SearchPager::~SearchPager()
{
    for (const QString &table : {m_candidatesTable, m_exclusionsTable}) {
        if (!table.isEmpty() && m_db.isOpen())
            dropTable(m_db, table);
    }
}

std::unique_ptr<SearchPager> SearchPager::open(const QSqlDatabase &db, const SearchQuery &query, InboxFilter folder,
                                               const InboxSort &sort, qint64 maxId, StoreError *error)
{
    *error = {};
    if (sort != InboxSort{})
        return nullptr; // Other orders have no index that walks every bucket in them.
    const MessageIndex::BucketCounts counts = MessageIndex(db).counts(error);
    if (error->isError())
        return nullptr;
    SearchSql sql = SearchSql::compile(query, folder, counts);
    if (!sql.pageable() || sql.buckets().isEmpty())
        return nullptr;
    std::unique_ptr<SearchPager> pager(new SearchPager(db, std::move(sql), maxId));
    const SearchSql &compiled = pager->m_sql;
    if ((!compiled.candidates().isEmpty() || !compiled.exclusions().isEmpty()) && !UnindexedTail::refresh(db, error))
        return nullptr;
    static std::atomic<int> serial{0};
    const int n = ++serial;
    // The words' matches, once: a page looks each message it walks up in them by rowid. Few of
    // them (a walk would pass many messages per match) are better read at once and sorted.
    if (!compiled.candidates().isEmpty()) {
        pager->m_candidatesTable = QStringLiteral("search_candidates_%1").arg(n);
        const qint64 candidates = fillTable(db, pager->m_candidatesTable, compiled.candidates(), compiled.candidateBinds(), error);
        if (candidates < 0) {
            pager->m_candidatesTable.clear();
            return nullptr;
        }
        qint64 total = 0;
        for (qint64 c : counts)
            total += c;
        if (static_cast<double>(candidates) < 2.0 * std::sqrt(static_cast<double>(total)))
            return nullptr;
    }
    if (!compiled.exclusions().isEmpty()) {
        pager->m_exclusionsTable = QStringLiteral("search_exclusions_%1").arg(n);
        if (fillTable(db, pager->m_exclusionsTable, compiled.exclusions(), compiled.exclusionBinds(), error) < 0) {
            pager->m_exclusionsTable.clear();
            return nullptr;
        }
    }
    return pager;
}

QVector<MessageIndex::Hit> SearchPager::next(int limit, StoreError *error)
{
    *error = {};
    QVector<MessageIndex::Hit> out;
    if (m_atEnd || limit <= 0)
        return out;
    // What is stored but not indexed yet is searched too (a negated word reads the tail).
    if (!UnindexedTail::refresh(m_db, error))
        return out;
    // Each bucket's matches in order, merged here: a statement stepped only as far as it is taken.
    struct Arm
    {
        std::unique_ptr<QSqlQuery> q;
        qint64 id = 0, date = 0;
        bool read = false;
        bool more = false;
        bool step()
        {
            more = q->next();
            if (more) {
                id = q->value(0).toLongLong();
                read = q->value(1).toInt() != 0;
                date = q->value(2).toLongLong();
            }
            return more || !q->lastError().isValid();
        }
    };
    std::vector<Arm> arms;
    for (int bucket : m_sql.buckets()) {
        Arm arm{std::make_unique<QSqlQuery>(m_db)};
        arm.q->setForwardOnly(true);
        if (!arm.q->prepare(m_sql.page(bucket, m_candidatesTable, m_exclusionsTable))) {
            *error = searchError(*arm.q);
            return {};
        }
        for (const QVariant &v : m_sql.pageBinds())
            arm.q->addBindValue(v);
        arm.q->addBindValue(m_maxId);
        arm.q->addBindValue(m_date);
        arm.q->addBindValue(m_id);
        arm.q->addBindValue(limit);
        if (!arm.q->exec() || !arm.step()) {
            *error = searchError(*arm.q);
            return {};
        }
        arms.push_back(std::move(arm));
    }
    while (out.size() < limit) {
        Arm *newest = nullptr;
        for (Arm &a : arms) {
            if (a.more && (!newest || a.date > newest->date || (a.date == newest->date && a.id > newest->id)))
                newest = &a;
        }
        if (!newest)
            break;
        out.append({newest->id, newest->read});
        m_date = newest->date;
        m_id = newest->id;
        if (!newest->step()) {
            *error = searchError(*newest->q);
            return {};
        }
    }
    m_atEnd = out.size() < limit;
    return out;
}

} // namespace ns
