#include "SearchRowSource.h"

#include "SearchSql.h"

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
        runSearch(snapshot, 0);
}

void SearchRowSource::runSearch(const MessageIndex::Snapshot &snapshot, qsizetype keep)
{
    if (m_parseError.isError()) {
        failed({StoreError::Kind::Other, QStringLiteral("the search does not parse: %1").arg(m_parseError.message)});
        return;
    }
    const SearchSql compiled = SearchSql::compile(m_query, m_spec.filter);
    m_buckets = compiled.buckets();
    if (compiled.bucketsOnly()) {
        // Read as the rows are asked for: the first window costs a window, not every match.
        m_pager.emplace(m_index, compiled.buckets(), m_spec.sort, snapshot);
        m_pages.reset();
        m_more.clear();
        m_hits.clear();
        m_hitRead.clear();
        m_leftBehind.clear();
        m_unloaded = m_pager->total();
        return;
    }
    StoreError error;
    std::unique_ptr<SearchPager> pages = SearchPager::open(m_index->database(), m_query, m_spec.filter, m_spec.sort, m_maxId, &error);
    if (failed(error))
        return;
    QVector<MessageIndex::Hit> hits;
    if (pages) {
        // A window, or as many as were read before a reload, so the rows the user looks at stay.
        hits = pages->next(static_cast<int>(std::max<qsizetype>(WindowSize, keep)), &error);
    } else {
        hits = m_search.matches(m_query, m_spec.filter, m_spec.sort, m_maxId, &error);
    }
    if (failed(error))
        return;
    m_pages = std::move(pages);
    m_more.clear();
    m_leftBehind.clear();
    m_pager.reset();
    m_unloaded = 0;
    m_hits = std::move(hits);
    m_hitRead.clear();
    m_hitRead.reserve(m_hits.size());
    for (const MessageIndex::Hit &h : std::as_const(m_hits))
        m_hitRead.append(h.read);
}

bool SearchRowSource::loadUpTo(qsizetype rows)
{
    while (m_hits.size() < rows && m_unloaded > 0 && m_pager && !m_pager->atEnd()) {
        // At least a window, and more the further down: scrolling far or loading all reads few chunks.
        const qsizetype want = std::min<qsizetype>(
            m_unloaded, std::max<qsizetype>({rows - m_hits.size(), qsizetype(WindowSize), m_hits.size() / 2}));
        StoreError error;
        const QVector<MessageIndex::Hit> hits = m_pager->next(static_cast<int>(want), &error);
        if (failed(error))
            return false;
        // Fewer than counted at the end: the store changed since (another desktop); the rows
        // counted but gone stay empty until the next reload, no row is made up.
        qsizetype n = 0;
        for (const MessageIndex::Hit &h : hits) {
            if (n == m_unloaded)
                break;
            if (m_leftBehind.contains(h.id))
                continue;
            m_hits.append(h);
            m_hitRead.append(h.read);
            ++n;
        }
        m_unloaded -= n;
    }
    return true;
}

void SearchRowSource::reload(const QVector<qint64> &)
{
    MessageIndex::Snapshot snapshot;
    if (takeSnapshot(&snapshot))
        runSearch(snapshot, m_pages ? m_hits.size() : 0);
}

int SearchRowSource::readMore()
{
    m_more.clear();
    if (!canFetchMore())
        return 0;
    // At least a window, and more the further down: scrolling far reads few pages.
    StoreError error;
    QVector<MessageIndex::Hit> more = m_pages->next(static_cast<int>(std::max<qsizetype>(WindowSize, m_hits.size() / 2)), &error);
    if (failed(error))
        return 0;
    m_more = std::move(more);
    return static_cast<int>(m_more.size());
}

void SearchRowSource::showMore()
{
    for (const MessageIndex::Hit &h : std::as_const(m_more)) {
        m_hits.append(h);
        m_hitRead.append(h.read);
    }
    m_more.clear();
}

qint64 SearchRowSource::idAt(int row)
{
    if (row >= m_hits.size())
        loadUpTo(row + 1);
    return row >= 0 && row < m_hits.size() ? m_hits.at(row).id : 0;
}

void SearchRowSource::fetchWindow(int row)
{
    const int first = row - row % WindowSize;
    loadUpTo(std::min(count(), first + WindowSize));
    const int last = static_cast<int>(std::min<qsizetype>(m_hits.size(), first + WindowSize));
    if (first >= last)
        return;
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
    const auto find = [this, id](qsizetype from) {
        for (qsizetype i = from; i < m_hits.size(); ++i) {
            if (m_hits.at(i).id == id)
                return static_cast<int>(i);
        }
        return -1;
    };
    int found = find(0);
    if (found >= 0 || m_unloaded == 0 || !m_pager || id > m_maxId)
        return found;
    // Not read yet: read on to it when it is a match, no further than its place in the order.
    StoreError error;
    const std::optional<InboxRow> r = m_index->row(id, &error);
    if (failed(error) || !r || !m_pager->buckets().contains(r->bucket()))
        return -1;
    const MessageIndex::Key key = keyOf(*r);
    while (found < 0 && m_unloaded > 0 && !m_pager->atEnd() && !m_pager->hasPassed(key, r->isRead)) {
        const qsizetype from = m_hits.size();
        if (!loadUpTo(from + 1) || m_hits.size() == from)
            break;
        found = find(from);
    }
    return found;
}

int SearchRowSource::findUnread(int from, bool forward)
{
    const int n = count();
    if (n == 0 || (forward && from >= n - 1) || (!forward && from <= 0))
        return -1;
    if (!forward)
        loadUpTo(from);
    for (int i = forward ? from + 1 : from - 1; i >= 0 && i < n; i += forward ? 1 : -1) {
        if (i >= m_hits.size() && (!loadUpTo(i + 1) || i >= m_hits.size()))
            return -1;
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
    // Among the matches read so far: past them (rows not read yet) the list is reloaded instead.
    int lo = 0, hi = static_cast<int>(m_hits.size());
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (compareRows(keyAt(mid), m_hits.at(mid).read, key, read) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == m_hits.size() && (m_unloaded > 0 || canFetchMore()))
        return false;
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

void SearchRowSource::stateApplied(int row, qint64 id, int, int newBucket)
{
    if (m_unloaded > 0)
        m_leftBehind.insert(id);
    m_hitRead[row] = MessageBucket::isRead(newBucket);
}

void SearchRowSource::removeRow(int row)
{
    if (row >= m_hits.size())
        loadUpTo(row + 1);
    if (row < 0 || row >= m_hits.size())
        return;
    if (m_unloaded > 0)
        m_leftBehind.insert(m_hits.at(row).id);
    m_hits.remove(row);
    m_hitRead.remove(row);
    m_cache.removed(row);
}

InboxRowSource::BulkEffect SearchRowSource::markAllReadEffect() const
{
    // The matches hold their order: sorted by unread state, they stay where they are.
    return m_spec.filter == InboxFilter::Unread ? BulkEffect::RemovedAll : BulkEffect::ChangedAll;
}

QVector<qint64> SearchRowSource::unreadIds() const
{
    QVector<qint64> ids;
    for (qsizetype i = 0; i < m_hits.size(); ++i) {
        if (!m_hitRead.at(i))
            ids.append(m_hits.at(i).id);
    }
    return ids;
}

bool SearchRowSource::allIds(QVector<MessageIndex::Hit> *hits)
{
    StoreError error;
    *hits = m_search.matches(m_query, m_spec.filter, m_spec.sort, m_maxId, &error);
    return !failed(error);
}

QVector<qint64> SearchRowSource::allUnreadIds(bool *ok)
{
    *ok = loadAll();
    QVector<qint64> ids = unreadIds();
    QVector<MessageIndex::Hit> all;
    if (*ok && m_pages && !m_pages->atEnd()) {
        // Read by pages: the rows not read yet are the whole query's less those read.
        *ok = allIds(&all);
        const QSet<qint64> shown(ids.cbegin(), ids.cend());
        for (const MessageIndex::Hit &h : std::as_const(all)) {
            if (!h.read && !shown.contains(h.id))
                ids.append(h.id);
        }
    }
    return ids;
}

// "Mark all read" reads every match first (a query of states only reads them as they are shown):
// the ones the user has not scrolled to are marked too, and stay listed if they were.
qint64 SearchRowSource::writeAllRead(StoreError *error)
{
    bool ok = false;
    const QVector<qint64> ids = allUnreadIds(&ok);
    if (!ok) {
        *error = failure();
        return -1;
    }
    return m_index->markIdsRead(ids, error);
}

InboxCommand SearchRowSource::allReadCommand()
{
    bool ok = false; // A failure is noted (failure()); the command then covers the matches read.
    return InboxCommand::markIdsRead(allUnreadIds(&ok));
}

void SearchRowSource::applyAllRead()
{
    m_hitRead.fill(true);
    const BulkEffect effect = markAllReadEffect();
    if (effect == BulkEffect::RemovedAll) {
        m_hits.clear();
        m_hitRead.clear();
        m_unloaded = 0;
        m_pages.reset();
        m_more.clear();
    }
    allReadInCache(effect);
}

void SearchRowSource::removeAllRows()
{
    m_hits.clear();
    m_hitRead.clear();
    m_unloaded = 0;
    m_pager.reset();
    m_pages.reset();
    m_more.clear();
    m_cache.clear();
}

bool SearchRowSource::forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize)
{
    if (!loadAll())
        return false;
    // Read by pages: every match, also those the list has not read yet.
    QVector<MessageIndex::Hit> all;
    if (m_pages && !m_pages->atEnd() && !allIds(&all))
        return false;
    const QVector<MessageIndex::Hit> &hits = m_pages && !m_pages->atEnd() ? all : m_hits;
    for (qsizetype i = 0; i < hits.size(); i += chunkSize) {
        QVector<qint64> ids;
        for (qsizetype j = i; j < std::min(hits.size(), i + chunkSize); ++j)
            ids.append(hits.at(j).id);
        if (!chunk(ids))
            return false;
    }
    return true;
}

} // namespace ns
