#include "SearchRowSource.h"

#include <QSet>

#include <algorithm>

namespace ns {

using Key = MessageIndex::Key;

SearchRowSource::SearchRowSource(MessageIndex *index, InboxViewSpec spec, SearchQuery query)
    : InboxRowSource(index, std::move(spec)), m_query(std::move(query)), m_search(index->database())
{
}

SearchRowSource::SearchRowSource(MessageIndex *index, InboxViewSpec spec, SearchParseError parseError)
    : InboxRowSource(index, std::move(spec)), m_parseError(std::move(parseError)), m_search(index->database())
{
}

void SearchRowSource::load()
{
    MessageIndex::Snapshot snapshot;
    if (takeSnapshot(&snapshot))
        runSearch();
}

void SearchRowSource::runSearch()
{
    if (m_parseError.isError()) {
        failed({StoreError::Kind::Other, QStringLiteral("the search does not parse: %1").arg(m_parseError.message)});
        return;
    }
    StoreError error;
    QVector<MessageIndex::Hit> hits = m_search.matches(m_query, m_spec.filter, m_spec.sort, m_maxId, &error);
    if (failed(error))
        return;
    m_hits = std::move(hits);
    m_hitRead.clear();
    m_hitRead.reserve(m_hits.size());
    for (const MessageIndex::Hit &h : std::as_const(m_hits))
        m_hitRead.append(h.read);
}

void SearchRowSource::reload(const QVector<qint64> &)
{
    MessageIndex::Snapshot snapshot;
    if (takeSnapshot(&snapshot))
        runSearch();
}

qint64 SearchRowSource::idAt(int row)
{
    return row >= 0 && row < m_hits.size() ? m_hits.at(row).id : 0;
}

void SearchRowSource::fetchWindow(int row)
{
    const int first = row - row % WindowSize;
    const int last = std::min(count(), first + WindowSize);
    QVector<qint64> ids;
    ids.reserve(last - first);
    for (int i = first; i < last; ++i)
        ids.append(m_hits.at(i).id);
    RowWindowCache::Window w;
    w.first = first;
    StoreError error;
    w.rows = m_index->rows(ids, &error);
    if (!failed(error) && w.rows.size() == ids.size())
        m_cache.add(std::move(w));
}

int SearchRowSource::rowOf(qint64 id)
{
    for (qsizetype i = 0; i < m_hits.size(); ++i) {
        if (m_hits.at(i).id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int SearchRowSource::findUnread(int from, bool forward)
{
    const int n = count();
    if (n == 0 || (forward && from >= n - 1) || (!forward && from <= 0))
        return -1;
    for (int i = forward ? from + 1 : from - 1; i >= 0 && i < n; i += forward ? 1 : -1) {
        if (!m_hitRead.at(i))
            return i;
    }
    return -1;
}

bool SearchRowSource::selectArrivals(const QVector<InboxRow> &fresh, qint64 newMaxId, QVector<InboxRow> *shown)
{
    // A new match is placed by bisection (a row read per step): only a few are worth it.
    constexpr int InsertLimit = 16;
    if (m_parseError.isError())
        return true; // No rows: nothing to place.
    StoreError error;
    // The folder is in the query's SQL (or its in: overrides it): the ids are exactly what shows.
    const QVector<qint64> ids = m_search.matchingIds(m_query, m_spec.filter, m_maxId, newMaxId, &error);
    if (failed(error))
        return true; // Plans nothing (see InboxRowSource::planArrivals).
    const QSet<qint64> matches(ids.cbegin(), ids.cend());
    for (const InboxRow &r : fresh) {
        if (matches.contains(r.id))
            shown->append(r);
    }
    return shown->size() <= InsertLimit;
}

Key SearchRowSource::keyAt(int row)
{
    const qint64 id = m_hits.at(row).id;
    const int cached = m_cache.rowOfId(id);
    if (cached == row) {
        if (const InboxRow *r = m_cache.find(row))
            return keyOf(*r);
    }
    StoreError error;
    const std::optional<InboxRow> r = m_index->row(id, &error);
    failed(error); // The arrival is then not placed (see InboxRowSource::planArrivals).
    return r ? keyOf(*r) : Key{id, 0, {}};
}

bool SearchRowSource::placeArrival(int, const Key &key, bool read, int *position)
{
    int lo = 0, hi = count();
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (compareRows(keyAt(mid), m_hits.at(mid).read, key, read) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *position = lo;
    return true;
}

void SearchRowSource::runApplied(const InsertRun &run, RowWindowCache::Window *)
{
    for (qsizetype i = 0; i < run.rows.size(); ++i) {
        const InboxRow &r = run.rows.at(i);
        m_hits.insert(run.row + i, {r.id, r.isRead});
        m_hitRead.insert(run.row + i, r.isRead);
    }
}

void SearchRowSource::stateApplied(int row, qint64, int, int newBucket)
{
    m_hitRead[row] = MessageBucket::isRead(newBucket);
}

void SearchRowSource::removeRow(int row)
{
    if (row < 0 || row >= m_hits.size())
        return;
    m_hits.remove(row);
    m_hitRead.remove(row);
    m_cache.removed(row);
}

InboxRowSource::BulkEffect SearchRowSource::markAllReadEffect() const
{
    // The matches hold their order: sorted by unread state, they stay where they are.
    return m_spec.filter == InboxFilter::Unread ? BulkEffect::RemovedAll : BulkEffect::ChangedAll;
}

qint64 SearchRowSource::writeAllRead(StoreError *error)
{
    QVector<qint64> ids;
    for (qsizetype i = 0; i < m_hits.size(); ++i) {
        if (!m_hitRead.at(i))
            ids.append(m_hits.at(i).id);
    }
    return m_index->markIdsRead(ids, error);
}

InboxCommand SearchRowSource::allReadCommand() const
{
    QVector<qint64> ids;
    for (qsizetype i = 0; i < m_hits.size(); ++i) {
        if (!m_hitRead.at(i))
            ids.append(m_hits.at(i).id);
    }
    return InboxCommand::markIdsRead(ids);
}

void SearchRowSource::applyAllRead()
{
    m_hitRead.fill(true);
    const BulkEffect effect = markAllReadEffect();
    if (effect == BulkEffect::RemovedAll) {
        m_hits.clear();
        m_hitRead.clear();
    }
    allReadInCache(effect);
}

void SearchRowSource::removeAllRows()
{
    m_hits.clear();
    m_hitRead.clear();
    m_cache.clear();
}

bool SearchRowSource::forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize)
{
    for (qsizetype i = 0; i < m_hits.size(); i += chunkSize) {
        QVector<qint64> ids;
        for (qsizetype j = i; j < std::min(m_hits.size(), i + chunkSize); ++j)
            ids.append(m_hits.at(j).id);
        if (!chunk(ids))
            return false;
    }
    return true;
}

} // namespace ns
