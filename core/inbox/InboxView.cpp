#include "InboxView.h"

#include "FtsQuery.h"
#include "Logging.h"

#include <QSet>

#include <algorithm>

namespace ns {

using Key = MessageIndex::Key;

InboxView::InboxView(MessageIndex *index, InboxViewSpec spec) : m_index(index), m_spec(std::move(spec))
{
    m_fts = FtsQuery::fromUserText(m_spec.searchText);
    m_search = !m_fts.isEmpty();
    const MessageIndex::Snapshot snapshot = m_index->snapshot();
    m_maxId = snapshot.maxId;
    m_layout = InboxLayout(m_spec.filter, m_spec.sort, m_search ? MessageIndex::BucketCounts{} : snapshot.counts);
    if (m_search)
        runSearch();
}

void InboxView::runSearch()
{
    m_hits = m_index->search(m_fts, MessageBucket::of(m_spec.filter), m_spec.sort, m_maxId);
    m_hitRead.clear();
    m_hitRead.reserve(m_hits.size());
    for (const MessageIndex::Hit &h : std::as_const(m_hits))
        m_hitRead.append(h.read);
}

void InboxView::reload(const QVector<qint64> &anchors)
{
    struct Anchor
    {
        InboxRow row;
        int segment = 0;
        int rowsBefore = 0; ///< In its segment, before the reload.
    };
    QVector<Anchor> known;
    if (!m_search) {
        const QVector<InboxLayout::Segment> segs = m_layout.segments();
        for (qint64 id : anchors) {
            const int at = m_cache.rowOfId(id);
            const InboxRow *r = at >= 0 ? m_cache.find(at) : nullptr;
            if (!r)
                continue;
            const int s = m_layout.segmentOfBucket(shownBucket(*r));
            known.append({*r, s, at - segs.at(s).start});
        }
    }
    const qint64 oldMaxId = m_maxId;
    const MessageIndex::Snapshot snapshot = m_index->snapshot();
    m_maxId = snapshot.maxId;
    m_cache.clear();
    m_knownRows.clear();
    if (m_search) {
        runSearch();
        return;
    }
    m_layout.rebase(snapshot.counts);
    const QVector<InboxLayout::Segment> segs = m_layout.segments();
    for (const Anchor &a : std::as_const(known)) {
        const InboxLayout::Segment &seg = segs.at(a.segment);
        const qint64 arrived = m_index->countArrivedBefore(m_layout.query(seg, m_maxId), keyOf(a.row), oldMaxId);
        m_knownRows.insert(a.row.id, seg.start + a.rowsBefore + static_cast<int>(arrived));
    }
}

int InboxView::count() const
{
    return m_search ? static_cast<int>(m_hits.size()) : m_layout.count();
}

Key InboxView::keyOf(const InboxRow &row) const
{
    return MessageIndex::keyOf(row, m_layout.keyColumn());
}

int InboxView::compareRows(const Key &a, bool readA, const Key &b, bool readB) const
{
    if (m_spec.sort.key == InboxSortKey::Unread) {
        if (readA != readB)
            return (readA ? 1 : -1) * (m_spec.sort.ascending() ? 1 : -1);
        return -MessageIndex::compare(a, b, InboxSortKey::Date);
    }
    const int c = MessageIndex::compare(a, b, m_spec.sort.key);
    return m_spec.sort.ascending() ? c : -c;
}

int InboxView::shownBucket(const InboxRow &row) const
{
    return m_layout.shownBucket(row.id, row.bucket());
}

const InboxRow *InboxView::row(int row)
{
    if (row < 0 || row >= count())
        return nullptr;
    if (const InboxRow *cached = m_cache.find(row))
        return cached;
    fetchAround(row);
    const InboxRow *fetched = m_cache.find(row);
    if (!fetched)
        qCWarning(lcStore) << "inbox row" << row << "of" << count() << "could not be read";
    return fetched;
}

qint64 InboxView::idAt(int row)
{
    if (m_search)
        return row >= 0 && row < m_hits.size() ? m_hits.at(row).id : 0;
    const InboxRow *r = this->row(row);
    return r ? r->id : 0;
}

void InboxView::fetchAround(int row)
{
    if (m_search)
        fetchSearch(row);
    else
        fetchIndexed(row);
}

void InboxView::fetchSearch(int row)
{
    const int first = row - row % WindowSize;
    const int last = std::min(count(), first + WindowSize);
    QVector<qint64> ids;
    ids.reserve(last - first);
    for (int i = first; i < last; ++i)
        ids.append(m_hits.at(i).id);
    RowWindowCache::Window w;
    w.first = first;
    w.rows = m_index->rows(ids);
    if (w.rows.size() == ids.size())
        m_cache.add(std::move(w));
}

// Reads the window around `row` from the cheapest starting point: right after or before a cached
// window when scrolling, else the known row (window edge or segment end) nearest to it, skipping
// the rows in between inside the index. Costs the window plus that distance, whatever the total.
void InboxView::fetchIndexed(int row)
{
    const QVector<InboxLayout::Segment> segs = m_layout.segments();
    int s = 0;
    while (s < segs.size() && row >= segs[s].start + segs[s].size)
        ++s;
    if (s == segs.size())
        return;
    const InboxLayout::Segment &seg = segs[s];
    const int local = row - seg.start;
    const int n = seg.size;
    int first = 0, last = 0;
    bool forward = true;
    qint64 offset = 0;
    Key boundKey;
    bool hasBound = false;
    bool adjacent = false;
    for (const RowWindowCache::Window &w : m_cache.windows()) {
        if (w.segment != s || w.keys.isEmpty())
            continue;
        if (w.end() == row) {
            boundKey = w.keys.last();
            first = local;
            last = std::min(n, local + WindowSize);
            adjacent = true;
            break;
        }
        if (w.first == row + 1) {
            boundKey = w.keys.first();
            forward = false;
            last = local + 1;
            first = std::max(0, last - WindowSize);
            adjacent = true;
            break;
        }
    }
    hasBound = adjacent;
    if (!adjacent) {
        first = std::clamp(local - WindowSize / 2, 0, std::max(0, n - WindowSize));
        last = std::min(n, first + WindowSize);
        qint64 best = first; // From the segment's start.
        offset = first;
        if (n - last < best) {
            best = n - last;
            forward = false;
            offset = best;
        }
        for (const RowWindowCache::Window &w : m_cache.windows()) {
            if (w.segment != s || w.keys.isEmpty())
                continue;
            const int wa = w.first - seg.start;
            const int wb = w.end() - seg.start;
            if (wb <= first && first - wb < best) {
                best = offset = first - wb;
                forward = true;
                boundKey = w.keys.last();
                hasBound = true;
            } else if (wa >= last && wa - last < best) {
                best = offset = wa - last;
                forward = false;
                boundKey = w.keys.first();
                hasBound = true;
            }
        }
    }
    QVector<Key> keys = m_index->keys(m_layout.query(seg, m_maxId), hasBound ? &boundKey : nullptr, forward, offset, last - first);
    if (!forward)
        std::reverse(keys.begin(), keys.end());
    QVector<qint64> ids;
    ids.reserve(keys.size());
    for (const Key &k : std::as_const(keys))
        ids.append(k.id);
    RowWindowCache::Window w;
    w.segment = s;
    w.first = seg.start + first;
    w.rows = m_index->rows(ids);
    if (w.rows.size() != keys.size() || keys.size() != last - first) {
        qCWarning(lcStore) << "inbox window at" << w.first << "read" << w.rows.size() << "of" << (last - first) << "rows";
        return;
    }
    w.keys = std::move(keys);
    m_cache.add(std::move(w));
}

Key InboxView::searchKeyAt(int row)
{
    const qint64 id = m_hits.at(row).id;
    const int cached = m_cache.rowOfId(id);
    if (cached == row) {
        if (const InboxRow *r = m_cache.find(row))
            return keyOf(*r);
    }
    const std::optional<InboxRow> r = m_index->row(id);
    return r ? keyOf(*r) : Key{id, 0, {}};
}

int InboxView::searchPosition(const Key &key, bool read)
{
    int lo = 0, hi = count();
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (compareRows(searchKeyAt(mid), m_hits.at(mid).read, key, read) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int InboxView::rowOf(qint64 id)
{
    if (m_search) {
        for (qsizetype i = 0; i < m_hits.size(); ++i) {
            if (m_hits.at(i).id == id)
                return static_cast<int>(i);
        }
        return -1;
    }
    if (id <= 0 || id > m_maxId || m_layout.isPending(id))
        return -1;
    if (const auto known = m_knownRows.constFind(id); known != m_knownRows.cend())
        return *known;
    if (const int cached = m_cache.rowOfId(id); cached >= 0)
        return cached;
    const std::optional<InboxRow> r = m_index->row(id);
    if (!r)
        return -1;
    const int shown = shownBucket(*r);
    if (!m_layout.isSticky(id) && !MessageBucket::belongsTo(shown, m_spec.filter))
        return -1;
    const QVector<InboxLayout::Segment> segs = m_layout.segments();
    const InboxLayout::Segment &seg = segs[m_layout.segmentOfBucket(shown)];
    // Near the top (where a user watching new mail is) the first window answers; only a message
    // further down costs a count of the rows above it.
    if (seg.size > 0 && row(seg.start)) {
        if (const int cached = m_cache.rowOfId(id); cached >= 0)
            return cached;
    }
    return seg.start + static_cast<int>(m_index->countBefore(m_layout.query(seg, m_maxId), keyOf(*r)));
}

int InboxView::nextUnread(int from, bool forward)
{
    const int n = count();
    if (n == 0 || (forward && from >= n - 1) || (!forward && from <= 0))
        return -1;
    if (m_search) {
        for (int i = forward ? from + 1 : from - 1; i >= 0 && i < n; i += forward ? 1 : -1) {
            if (!m_hitRead.at(i))
                return i;
        }
        return -1;
    }
    const QVector<InboxLayout::Segment> segs = m_layout.segments();
    Key bound;
    bool hasBound = false;
    int s = forward ? 0 : static_cast<int>(segs.size()) - 1;
    if (from >= 0 && from < n) {
        const InboxRow *r = row(from);
        if (!r)
            return -1;
        bound = keyOf(*r);
        hasBound = true;
        s = m_layout.segmentOfBucket(shownBucket(*r));
    }
    for (; s >= 0 && s < segs.size(); s += forward ? 1 : -1) {
        const QVector<Key> found = m_index->keys(m_layout.unreadQuery(segs[s], m_maxId), hasBound ? &bound : nullptr,
                                                 forward, 0, 1);
        if (!found.isEmpty())
            return segs[s].start + static_cast<int>(m_index->countBefore(m_layout.query(segs[s], m_maxId), found.first()));
        hasBound = false;
    }
    return -1;
}

// Where a new message goes, from what the view already knows: the cached windows (keys of rows
// at known positions; adjacent ones joined), then the first window of its segment, read by keyset
// (a window's worth of index entries). False when neither brackets it: the caller then reloads
// rather than counting the rows above it, which would cost as much as the message is deep.
bool InboxView::place(int segment, const Key &key, int *position)
{
    const InboxLayout::Segment seg = m_layout.segments().at(segment);
    const MessageIndex::Segment query = m_layout.query(seg, m_maxId);
    const auto before = [&](const Key &k) {
        const int c = MessageIndex::compare(k, key, query.key);
        return (query.ascending ? c : -c) < 0;
    };
    // A run of known rows decides when the key falls inside it, or at an end that is the segment's.
    const auto decide = [&](int start, const QVector<Key> &keys) {
        const auto n = static_cast<int>(std::count_if(keys.cbegin(), keys.cend(), before));
        const int end = start + static_cast<int>(keys.size());
        if ((n > 0 || start == seg.start) && (n < keys.size() || end == seg.start + seg.size)) {
            *position = start + n;
            return true;
        }
        return false;
    };
    QVector<const RowWindowCache::Window *> windows;
    for (const RowWindowCache::Window &w : m_cache.windows()) {
        if (w.segment == segment && !w.keys.isEmpty() && w.keys.size() == w.rows.size())
            windows.append(&w);
    }
    std::sort(windows.begin(), windows.end(), [](auto *a, auto *b) { return a->first < b->first; });
    for (qsizetype i = 0; i < windows.size();) {
        const int start = windows.at(i)->first;
        QVector<Key> keys = windows.at(i)->keys;
        int end = windows.at(i)->end();
        for (++i; i < windows.size() && windows.at(i)->first == end; ++i) {
            keys += windows.at(i)->keys;
            end = windows.at(i)->end();
        }
        if (decide(start, keys))
            return true;
    }
    return decide(seg.start, m_index->keys(query, nullptr, true, 0, WindowSize));
}

InboxView::Arrivals InboxView::planArrivals()
{
    // A search places a new match by bisection (a row read per step): only a few are worth it.
    constexpr int SearchInsertLimit = 16;
    Arrivals a;
    a.newMaxId = m_maxId;
    // One more than a window tells a flood from a few without counting them.
    const QVector<InboxRow> fresh = m_index->rowsAfter(m_maxId, WindowSize + 1);
    if (fresh.isEmpty())
        return a;
    if (fresh.size() > WindowSize) {
        a.reload = true;
        return a;
    }
    for (const InboxRow &r : fresh)
        a.newMaxId = std::max(a.newMaxId, r.id);
    QSet<qint64> matches;
    if (m_search) {
        const QVector<qint64> ids = m_index->matchingIds(m_fts, m_maxId, a.newMaxId);
        matches = QSet<qint64>(ids.cbegin(), ids.cend());
    }
    struct Item
    {
        InboxRow row;
        Key key;
        int segment = 0;
        int position = 0;
    };
    QVector<Item> items;
    for (const InboxRow &r : fresh) {
        if (MessageBucket::belongsTo(r.bucket(), m_spec.filter) && (!m_search || matches.contains(r.id)))
            items.append({r, keyOf(r), m_search ? 0 : m_layout.segmentOfBucket(r.bucket()), 0});
    }
    if (m_search && items.size() > SearchInsertLimit) {
        a.reload = true;
        return a;
    }
    std::sort(items.begin(), items.end(), [this](const Item &x, const Item &y) {
        return compareRows(x.key, x.row.isRead, y.key, y.row.isRead) < 0;
    });
    // Positions among the rows already in the view (the new ones are not in it yet).
    for (Item &item : items) {
        if (m_search) {
            item.position = searchPosition(item.key, item.row.isRead);
        } else if (!place(item.segment, item.key, &item.position)) {
            a.reload = true;
            return a;
        }
    }
    a.all = fresh;
    m_maxId = a.newMaxId;
    for (const Item &item : std::as_const(items)) {
        if (!m_search)
            m_layout.addPending(item.row.id, item.row.bucket()); // Out of every query until applied.
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Item &item = items.at(i);
        if (i > 0 && item.position == items.at(i - 1).position && item.segment == items.at(i - 1).segment)
            a.runs.last().rows.append(item.row);
        else
            a.runs.append({item.position + static_cast<int>(i), {item.row}});
    }
    return a;
}

void InboxView::applyRun(const InsertRun &run)
{
    m_knownRows.clear();
    const int n = static_cast<int>(run.rows.size());
    m_cache.inserted(run.row, n);
    RowWindowCache::Window w;
    w.first = run.row;
    w.rows = run.rows;
    if (m_search) {
        for (int i = 0; i < n; ++i) {
            const InboxRow &r = run.rows.at(i);
            m_hits.insert(run.row + i, {r.id, r.isRead});
            m_hitRead.insert(run.row + i, r.isRead);
        }
    } else {
        for (const InboxRow &r : run.rows) {
            m_layout.arrived(r.id, r.bucket());
            w.keys.append(keyOf(r));
        }
        w.segment = m_layout.segmentOfBucket(run.rows.first().bucket());
    }
    m_cache.add(std::move(w));
}

bool InboxView::setRead(int row, bool read, StoreError *error)
{
    const InboxRow *r = this->row(row);
    if (!r) {
        *error = {StoreError::Kind::Other, QStringLiteral("the message is no longer there")};
        return false;
    }
    if (r->isRead == read)
        return true;
    const InboxRow current = *r;
    if (!m_index->setRead(current.id, read, error))
        return false;
    applyState(row, MessageBucket::withRead(current.bucket(), read));
    if (m_search)
        m_hitRead[row] = read;
    return true;
}

bool InboxView::archiveLeaves(int row, bool archived)
{
    const InboxRow *r = this->row(row);
    return r && !MessageBucket::belongsTo(MessageBucket::withArchived(r->bucket(), archived), m_spec.filter);
}

bool InboxView::writeArchived(int row, bool archived, StoreError *error)
{
    const InboxRow *r = this->row(row);
    if (!r) {
        *error = {StoreError::Kind::Other, QStringLiteral("the message is no longer there")};
        return false;
    }
    return m_index->setArchived(r->id, archived, error);
}

void InboxView::applyArchived(int row, bool archived)
{
    if (const InboxRow *r = this->row(row))
        applyState(row, MessageBucket::withArchived(r->bucket(), archived));
}

// A row's state changed in the store. It keeps its place: when its new state would put it
// elsewhere (or outside the filter), the view keeps ordering it by the state it was shown with.
void InboxView::applyState(int row, int newBucket)
{
    const InboxRow *r = this->row(row);
    if (!r)
        return;
    const qint64 id = r->id;
    if (!m_search)
        m_layout.stateChanged(id, r->bucket(), newBucket);
    m_cache.update(id, [newBucket](InboxRow &x) {
        x.isRead = MessageBucket::isRead(newBucket);
        x.isArchived = MessageBucket::isArchived(newBucket);
        x.isActive = MessageBucket::isActive(newBucket);
    });
}

void InboxView::removeRow(int row)
{
    m_knownRows.clear();
    if (m_search) {
        if (row < 0 || row >= m_hits.size())
            return;
        m_hits.remove(row);
        m_hitRead.remove(row);
    } else {
        const InboxRow *r = this->row(row);
        if (!r)
            return;
        m_layout.removed(r->id, r->bucket());
    }
    m_cache.removed(row);
}

InboxView::BulkEffect InboxView::markAllReadEffect() const
{
    if (m_spec.filter == InboxFilter::Unread)
        return BulkEffect::RemovedAll;
    if (!m_search && m_spec.sort.key == InboxSortKey::Unread)
        return BulkEffect::Relayout;
    return BulkEffect::ChangedAll;
}

qint64 InboxView::writeAllRead(StoreError *error)
{
    if (!m_search)
        return m_index->markBucketsRead(m_layout.buckets(), m_maxId, error);
    QVector<qint64> ids;
    for (qsizetype i = 0; i < m_hits.size(); ++i) {
        if (!m_hitRead.at(i))
            ids.append(m_hits.at(i).id);
    }
    return m_index->markIdsRead(ids, error);
}

void InboxView::applyAllRead()
{
    m_knownRows.clear();
    if (m_search)
        m_hitRead.fill(true);
    else
        m_layout.allRead();
    switch (markAllReadEffect()) {
    case BulkEffect::RemovedAll:
        m_hits.clear();
        m_hitRead.clear();
        m_cache.clear();
        break;
    case BulkEffect::Relayout: m_cache.clear(); break;
    case BulkEffect::ChangedAll: m_cache.updateAll([](InboxRow &r) { r.isRead = true; }); break;
    }
}

void InboxView::removeAllRows()
{
    m_knownRows.clear();
    m_hits.clear();
    m_hitRead.clear();
    m_layout.clear();
    m_cache.clear();
}

void InboxView::setSort(const InboxSort &sort)
{
    m_knownRows.clear();
    Q_ASSERT(!m_search);
    m_spec.sort = sort;
    m_layout.setSort(sort);
    m_cache.clear();
}

bool InboxView::forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize)
{
    if (m_search) {
        for (qsizetype i = 0; i < m_hits.size(); i += chunkSize) {
            QVector<qint64> ids;
            for (qsizetype j = i; j < std::min(m_hits.size(), i + chunkSize); ++j)
                ids.append(m_hits.at(j).id);
            if (!chunk(ids))
                return false;
        }
        return true;
    }
    for (const InboxLayout::Segment &seg : m_layout.segments()) {
        const MessageIndex::Segment q = m_layout.query(seg, m_maxId);
        Key bound;
        bool hasBound = false;
        for (;;) {
            const QVector<Key> keys = m_index->keys(q, hasBound ? &bound : nullptr, true, 0, chunkSize);
            if (keys.isEmpty())
                break;
            QVector<qint64> ids;
            ids.reserve(keys.size());
            for (const Key &k : keys)
                ids.append(k.id);
            if (!chunk(ids))
                return false;
            if (keys.size() < chunkSize)
                break;
            bound = keys.last();
            hasBound = true;
        }
    }
    return true;
}

} // namespace ns
