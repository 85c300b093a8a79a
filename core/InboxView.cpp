#include "InboxView.h"

#include "FtsQuery.h"
#include "Logging.h"

#include <QSet>

#include <algorithm>

namespace ns {

using Key = MessageIndex::Key;

InboxView::InboxView(MessageIndex *index, InboxViewSpec spec)
    : m_index(index), m_spec(std::move(spec)), m_buckets(MessageBucket::of(m_spec.filter))
{
    m_fts = FtsQuery::fromUserText(m_spec.searchText);
    m_search = !m_fts.isEmpty();
    const MessageIndex::Snapshot snapshot = m_index->snapshot();
    m_maxId = snapshot.maxId;
    if (m_search) {
        m_hits = m_index->search(m_fts, m_buckets, m_spec.sort, m_maxId);
        m_hitRead.reserve(m_hits.size());
        for (const MessageIndex::Hit &h : std::as_const(m_hits))
            m_hitRead.append(h.read);
    } else {
        for (int b : std::as_const(m_buckets))
            m_shownCounts[static_cast<size_t>(b)] = snapshot.counts[static_cast<size_t>(b)];
    }
}

int InboxView::count() const
{
    if (m_search)
        return static_cast<int>(m_hits.size());
    qint64 n = 0;
    for (int b : m_buckets)
        n += m_shownCounts[static_cast<size_t>(b)];
    return static_cast<int>(n);
}

QVector<InboxView::SegmentInfo> InboxView::segments() const
{
    QVector<SegmentInfo> segs;
    if (m_spec.sort.key != InboxSortKey::Unread) {
        segs.resize(1);
        segs[0].buckets = m_buckets;
    } else {
        segs.resize(2);
        for (int b : m_buckets)
            segs[segmentOfBucket(b)].buckets.append(b);
    }
    int start = 0;
    for (SegmentInfo &s : segs) {
        s.start = start;
        for (int b : std::as_const(s.buckets))
            s.size += static_cast<int>(m_shownCounts[static_cast<size_t>(b)]);
        start += s.size;
    }
    return segs;
}

int InboxView::segmentOfBucket(int bucket) const
{
    if (m_spec.sort.key != InboxSortKey::Unread)
        return 0;
    // Ascending puts unread messages first.
    return MessageBucket::isRead(bucket) == m_spec.sort.ascending() ? 1 : 0;
}

InboxSortKey InboxView::keyColumn() const
{
    return m_spec.sort.key == InboxSortKey::Unread ? InboxSortKey::Date : m_spec.sort.key;
}

MessageIndex::Segment InboxView::segmentQuery(const SegmentInfo &segment) const
{
    MessageIndex::Segment q;
    q.key = keyColumn();
    q.ascending = m_spec.sort.key == InboxSortKey::Unread ? false : m_spec.sort.ascending();
    q.maxId = m_maxId;
    MessageIndex::Arm sticky;
    for (int b : segment.buckets) {
        MessageIndex::Arm arm;
        arm.bucket = b;
        for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
            if (it->actual == b)
                arm.ids.append(it.key());
        }
        for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
            if (it.value() == b)
                arm.ids.append(it.key());
        }
        q.arms.append(arm);
    }
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        if (segment.buckets.contains(it->shown))
            sticky.ids.append(it.key());
    }
    if (!sticky.ids.isEmpty())
        q.arms.append(sticky);
    return q;
}

// The rows of a segment that are unread in the store, whatever their place says.
MessageIndex::Segment InboxView::unreadQuery(const SegmentInfo &segment) const
{
    MessageIndex::Segment q = segmentQuery(segment);
    q.arms.clear();
    MessageIndex::Arm sticky;
    for (int b : segment.buckets) {
        if (MessageBucket::isRead(b))
            continue;
        MessageIndex::Arm arm;
        arm.bucket = b;
        for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
            if (it->actual == b)
                arm.ids.append(it.key());
        }
        for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
            if (it.value() == b)
                arm.ids.append(it.key());
        }
        q.arms.append(arm);
    }
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        if (segment.buckets.contains(it->shown) && !MessageBucket::isRead(it->actual))
            sticky.ids.append(it.key());
    }
    if (!sticky.ids.isEmpty())
        q.arms.append(sticky);
    return q;
}

Key InboxView::keyOf(const InboxRow &row) const
{
    return MessageIndex::keyOf(row, keyColumn());
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
    const auto it = m_sticky.constFind(row.id);
    return it != m_sticky.cend() ? it->shown : row.bucket();
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
    const QVector<SegmentInfo> segs = segments();
    int s = 0;
    while (s < segs.size() && row >= segs[s].start + segs[s].size)
        ++s;
    if (s == segs.size())
        return;
    const SegmentInfo &seg = segs[s];
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
    QVector<Key> keys = m_index->keys(segmentQuery(seg), hasBound ? &boundKey : nullptr, forward, offset, last - first);
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
    if (id <= 0 || id > m_maxId || m_pending.contains(id))
        return -1;
    if (const int cached = m_cache.rowOfId(id); cached >= 0)
        return cached;
    const std::optional<InboxRow> r = m_index->row(id);
    if (!r)
        return -1;
    const int shown = shownBucket(*r);
    if (!m_sticky.contains(id) && !MessageBucket::belongsTo(shown, m_spec.filter))
        return -1;
    const QVector<SegmentInfo> segs = segments();
    const SegmentInfo &seg = segs[segmentOfBucket(shown)];
    return seg.start + static_cast<int>(m_index->countBefore(segmentQuery(seg), keyOf(*r)));
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
    const QVector<SegmentInfo> segs = segments();
    Key bound;
    bool hasBound = false;
    int s = forward ? 0 : static_cast<int>(segs.size()) - 1;
    if (from >= 0 && from < n) {
        const InboxRow *r = row(from);
        if (!r)
            return -1;
        bound = keyOf(*r);
        hasBound = true;
        s = segmentOfBucket(shownBucket(*r));
    }
    for (; s >= 0 && s < segs.size(); s += forward ? 1 : -1) {
        const QVector<Key> found = m_index->keys(unreadQuery(segs[s]), hasBound ? &bound : nullptr, forward, 0, 1);
        if (!found.isEmpty())
            return segs[s].start + static_cast<int>(m_index->countBefore(segmentQuery(segs[s]), found.first()));
        hasBound = false;
    }
    return -1;
}

InboxView::Arrivals InboxView::planArrivals()
{
    Arrivals a;
    a.all = m_index->rowsAfter(m_maxId);
    a.newMaxId = m_maxId;
    for (const InboxRow &r : std::as_const(a.all))
        a.newMaxId = std::max(a.newMaxId, r.id);
    QSet<qint64> matches;
    if (m_search && !a.all.isEmpty()) {
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
    for (const InboxRow &r : std::as_const(a.all)) {
        if (MessageBucket::belongsTo(r.bucket(), m_spec.filter) && (!m_search || matches.contains(r.id)))
            items.append({r, keyOf(r), m_search ? 0 : segmentOfBucket(r.bucket()), 0});
    }
    m_maxId = a.newMaxId;
    if (items.isEmpty())
        return a;
    std::sort(items.begin(), items.end(), [this](const Item &x, const Item &y) {
        return compareRows(x.key, x.row.isRead, y.key, y.row.isRead) < 0;
    });
    // Positions among the rows already in the view: the new ones are pending until applied.
    for (const Item &item : std::as_const(items)) {
        if (!m_search)
            m_pending.insert(item.row.id, item.row.bucket());
    }
    const QVector<SegmentInfo> segs = m_search ? QVector<SegmentInfo>{} : segments();
    for (Item &item : items) {
        if (m_search) {
            item.position = searchPosition(item.key, item.row.isRead);
        } else {
            const SegmentInfo &seg = segs[item.segment];
            item.position = seg.start + static_cast<int>(m_index->countBefore(segmentQuery(seg), item.key));
        }
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
            ++m_shownCounts[static_cast<size_t>(r.bucket())];
            m_pending.remove(r.id);
            w.keys.append(keyOf(r));
        }
        w.segment = segmentOfBucket(run.rows.first().bucket());
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
    if (!m_search) {
        const int shown = shownBucket(*r);
        const bool samePlace = MessageBucket::belongsTo(newBucket, m_spec.filter)
            && (m_spec.sort.key != InboxSortKey::Unread || MessageBucket::isRead(newBucket) == MessageBucket::isRead(shown));
        if (samePlace) {
            m_sticky.remove(id);
            --m_shownCounts[static_cast<size_t>(shown)];
            ++m_shownCounts[static_cast<size_t>(newBucket)];
        } else {
            m_sticky.insert(id, {shown, newBucket});
        }
    }
    m_cache.update(id, [newBucket](InboxRow &x) {
        x.isRead = MessageBucket::isRead(newBucket);
        x.isArchived = MessageBucket::isArchived(newBucket);
        x.isActive = MessageBucket::isActive(newBucket);
    });
}

void InboxView::removeRow(int row)
{
    if (m_search) {
        if (row < 0 || row >= m_hits.size())
            return;
        m_hits.remove(row);
        m_hitRead.remove(row);
    } else {
        const InboxRow *r = this->row(row);
        if (!r)
            return;
        --m_shownCounts[static_cast<size_t>(shownBucket(*r))];
        m_sticky.remove(r->id);
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
        return m_index->markBucketsRead(m_buckets, m_maxId, error);
    QVector<qint64> ids;
    for (qsizetype i = 0; i < m_hits.size(); ++i) {
        if (!m_hitRead.at(i))
            ids.append(m_hits.at(i).id);
    }
    return m_index->markIdsRead(ids, error);
}

void InboxView::applyAllRead()
{
    if (m_search) {
        m_hitRead.fill(true);
    } else {
        // Every row now sits in its store bucket, and every unread bucket moved to its read twin.
        for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
            --m_shownCounts[static_cast<size_t>(it->shown)];
            ++m_shownCounts[static_cast<size_t>(it->actual)];
        }
        m_sticky.clear();
        for (int b : std::as_const(m_buckets)) {
            if (!MessageBucket::isRead(b)) {
                m_shownCounts[static_cast<size_t>(MessageBucket::withRead(b, true))] += m_shownCounts[static_cast<size_t>(b)];
                m_shownCounts[static_cast<size_t>(b)] = 0;
            }
        }
    }
    switch (markAllReadEffect()) {
    case BulkEffect::RemovedAll:
        m_hits.clear();
        m_hitRead.clear();
        m_shownCounts.fill(0);
        m_cache.clear();
        break;
    case BulkEffect::Relayout: m_cache.clear(); break;
    case BulkEffect::ChangedAll: m_cache.updateAll([](InboxRow &r) { r.isRead = true; }); break;
    }
}

void InboxView::normalizeSticky()
{
    for (auto it = m_sticky.begin(); it != m_sticky.end();) {
        const bool samePlace = MessageBucket::belongsTo(it->actual, m_spec.filter)
            && (m_spec.sort.key != InboxSortKey::Unread || MessageBucket::isRead(it->actual) == MessageBucket::isRead(it->shown));
        if (samePlace) {
            --m_shownCounts[static_cast<size_t>(it->shown)];
            ++m_shownCounts[static_cast<size_t>(it->actual)];
            it = m_sticky.erase(it);
        } else {
            ++it;
        }
    }
}

void InboxView::removeAllRows()
{
    m_hits.clear();
    m_hitRead.clear();
    m_shownCounts.fill(0);
    m_sticky.clear();
    m_pending.clear();
    m_cache.clear();
}

void InboxView::setSort(const InboxSort &sort)
{
    Q_ASSERT(!m_search);
    m_spec.sort = sort;
    normalizeSticky();
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
    for (const SegmentInfo &seg : segments()) {
        const MessageIndex::Segment q = segmentQuery(seg);
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
