#include "IndexedRowSource.h"

#include "Logging.h"

#include <algorithm>

namespace ns {

using Key = MessageIndex::Key;

IndexedRowSource::IndexedRowSource(MessageIndex *index, InboxViewSpec spec)
    : InboxRowSource(index, std::move(spec)), m_placement(m_spec.filter, m_spec.sort, {})
{
}

void IndexedRowSource::load()
{
    // Without a snapshot there are no rows (and failure() says why).
    MessageIndex::Snapshot snapshot;
    if (takeSnapshot(&snapshot))
        m_placement = BucketPlacement(m_spec.filter, m_spec.sort, snapshot.counts);
}

int IndexedRowSource::shownBucket(const InboxRow &row) const
{
    return m_placement.shownBucket(row.id, row.bucket());
}

void IndexedRowSource::reload(const QVector<qint64> &anchors)
{
    struct Anchor
    {
        InboxRow row;
        int segment = 0;
        int rowsBefore = 0; ///< In its segment, before the reload.
    };
    QVector<Anchor> known;
    const QVector<BucketPlacement::Segment> before = m_placement.segments();
    for (qint64 id : anchors) {
        const int at = m_cache.rowOfId(id);
        const InboxRow *r = at >= 0 ? m_cache.find(at) : nullptr;
        if (!r)
            continue;
        const int s = m_placement.segmentOfBucket(shownBucket(*r));
        known.append({*r, s, at - before.at(s).start});
    }
    const qint64 oldMaxId = m_maxId;
    MessageIndex::Snapshot snapshot;
    if (!takeSnapshot(&snapshot))
        return; // The rows stay as they were.
    m_knownRows.clear();
    m_removed.clear();
    m_placement.rebase(snapshot.counts);
    const QVector<BucketPlacement::Segment> segs = m_placement.segments();
    for (const Anchor &a : std::as_const(known)) {
        const BucketPlacement::Segment &seg = segs.at(a.segment);
        StoreError error;
        const qint64 arrived =
            m_index->countArrivedBefore(m_placement.query(seg, m_maxId), keyOf(a.row), oldMaxId, &error);
        if (!failed(error)) // Else found by counting, when asked.
            m_knownRows.insert(a.row.id, seg.start + a.rowsBefore + static_cast<int>(arrived));
    }
}

// Reads the window around `row` from the cheapest starting point: right after or before a cached
// window when scrolling, else the known row (window edge or segment end) nearest to it, skipping
// the rows in between inside the index. Costs the window plus that distance, whatever the total.
void IndexedRowSource::fetchWindow(int row)
{
    const QVector<BucketPlacement::Segment> segs = m_placement.segments();
    int s = 0;
    while (s < segs.size() && row >= segs[s].start + segs[s].size)
        ++s;
    if (s == segs.size())
        return;
    const BucketPlacement::Segment &seg = segs[s];
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
    StoreError error;
    QVector<Key> keys = m_index->keys(m_placement.query(seg, m_maxId), hasBound ? &boundKey : nullptr, forward, offset,
                                      last - first, &error);
    if (failed(error))
        return;
    if (!forward)
        std::reverse(keys.begin(), keys.end());
    QVector<qint64> ids;
    ids.reserve(keys.size());
    for (const Key &k : std::as_const(keys))
        ids.append(k.id);
    RowWindowCache::Window w;
    w.segment = s;
    w.first = seg.start + first;
    w.rows = m_index->rows(ids, &error);
    if (failed(error))
        return;
    if (w.rows.size() != keys.size() || keys.size() != last - first) {
        qCWarning(lcStore) << "inbox window at" << w.first << "read" << w.rows.size() << "of" << (last - first) << "rows";
        return;
    }
    w.keys = std::move(keys);
    m_cache.add(std::move(w));
}

int IndexedRowSource::rowOf(qint64 id)
{
    if (id <= 0 || id > m_maxId || m_placement.isPending(id) || m_removed.contains(id))
        return -1;
    if (const auto known = m_knownRows.constFind(id); known != m_knownRows.cend())
        return *known;
    if (const int cached = m_cache.rowOfId(id); cached >= 0)
        return cached;
    StoreError error;
    const std::optional<InboxRow> r = m_index->row(id, &error);
    if (failed(error) || !r)
        return -1;
    const int shown = shownBucket(*r);
    if (!m_placement.isSticky(id) && !MessageBucket::belongsTo(shown, m_spec.filter))
        return -1;
    const QVector<BucketPlacement::Segment> segs = m_placement.segments();
    const BucketPlacement::Segment &seg = segs[m_placement.segmentOfBucket(shown)];
    // Near the top (where a user watching new mail is) the first window answers; only a message
    // further down costs a count of the rows above it.
    if (seg.size > 0 && row(seg.start)) {
        if (const int cached = m_cache.rowOfId(id); cached >= 0)
            return cached;
    }
    const qint64 before = m_index->countBefore(m_placement.query(seg, m_maxId), keyOf(*r), &error);
    return failed(error) ? -1 : seg.start + static_cast<int>(before);
}

int IndexedRowSource::findUnread(int from, bool forward)
{
    const int n = count();
    if (n == 0 || (forward && from >= n - 1) || (!forward && from <= 0))
        return -1;
    const QVector<BucketPlacement::Segment> segs = m_placement.segments();
    Key bound;
    bool hasBound = false;
    int s = forward ? 0 : static_cast<int>(segs.size()) - 1;
    if (from >= 0 && from < n) {
        const InboxRow *r = row(from);
        if (!r)
            return -1;
        bound = keyOf(*r);
        hasBound = true;
        s = m_placement.segmentOfBucket(shownBucket(*r));
    }
    for (; s >= 0 && s < segs.size(); s += forward ? 1 : -1) {
        StoreError error;
        const QVector<Key> found = m_index->keys(m_placement.unreadQuery(segs[s], m_maxId), hasBound ? &bound : nullptr,
                                                 forward, 0, 1, &error);
        if (failed(error))
            return -1;
        if (!found.isEmpty()) {
            const qint64 before = m_index->countBefore(m_placement.query(segs[s], m_maxId), found.first(), &error);
            return failed(error) ? -1 : segs[s].start + static_cast<int>(before);
        }
        hasBound = false;
    }
    return -1;
}

bool IndexedRowSource::selectArrivals(const QVector<InboxRow> &fresh, qint64, QVector<InboxRow> *shown)
{
    for (const InboxRow &r : fresh) {
        if (MessageBucket::belongsTo(r.bucket(), m_spec.filter))
            shown->append(r);
    }
    return true;
}

int IndexedRowSource::segmentOf(const InboxRow &row) const
{
    return m_placement.segmentOfBucket(row.bucket());
}

// Where a new message goes, from what is already known: the cached windows (keys of rows at known
// positions; adjacent ones joined), then the first window of its segment, read by keyset (a
// window's worth of index entries). False when neither brackets it: the caller then reloads
// rather than counting the rows above it, which would cost as much as the message is deep.
bool IndexedRowSource::placeArrival(int segment, const Key &key, bool, int *position)
{
    const BucketPlacement::Segment seg = m_placement.segments().at(segment);
    const MessageIndex::Segment query = m_placement.query(seg, m_maxId);
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
    StoreError error;
    const QVector<Key> first = m_index->keys(query, nullptr, true, 0, WindowSize, &error);
    return !failed(error) && decide(seg.start, first);
}

void IndexedRowSource::arrivalPlanned(const InboxRow &row)
{
    m_placement.addPending(row.id, row.bucket()); // Out of every query until applied.
}

void IndexedRowSource::runApplied(const InsertRun &run, RowWindowCache::Window *window)
{
    m_knownRows.clear();
    for (const InboxRow &r : run.rows) {
        m_placement.arrived(r.id, r.bucket());
        window->keys.append(keyOf(r));
    }
    window->segment = m_placement.segmentOfBucket(run.rows.first().bucket());
}

void IndexedRowSource::stateApplied(int, qint64 id, int oldBucket, int newBucket)
{
    m_placement.stateChanged(id, oldBucket, newBucket);
}

void IndexedRowSource::removeRow(int row)
{
    m_knownRows.clear();
    const InboxRow *r = this->row(row);
    if (!r)
        return;
    m_placement.removed(r->id, r->bucket());
    m_removed.insert(r->id);
    m_cache.removed(row);
}

InboxRowSource::BulkEffect IndexedRowSource::markAllReadEffect() const
{
    if (m_spec.filter == InboxFilter::Unread)
        return BulkEffect::RemovedAll;
    if (m_spec.sort.key == InboxSortKey::Unread)
        return BulkEffect::Relayout;
    return BulkEffect::ChangedAll;
}

qint64 IndexedRowSource::writeAllRead(StoreError *error)
{
    return m_index->markBucketsRead(m_placement.buckets(), m_maxId, error);
}

InboxCommand IndexedRowSource::allReadCommand()
{
    return InboxCommand::markBucketsRead(m_placement.buckets(), m_maxId);
}

void IndexedRowSource::applyAllRead()
{
    m_knownRows.clear();
    m_placement.allRead();
    allReadInCache(markAllReadEffect());
}

void IndexedRowSource::removeAllRows()
{
    m_knownRows.clear();
    m_placement.clear();
    m_cache.clear();
}

void IndexedRowSource::setSort(const InboxSort &sort)
{
    m_knownRows.clear();
    m_spec.sort = sort;
    m_placement.setSort(sort);
    m_cache.clear();
}

bool IndexedRowSource::forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize)
{
    for (const BucketPlacement::Segment &seg : m_placement.segments()) {
        const MessageIndex::Segment q = m_placement.query(seg, m_maxId);
        Key bound;
        bool hasBound = false;
        for (;;) {
            StoreError error;
            const QVector<Key> keys = m_index->keys(q, hasBound ? &bound : nullptr, true, 0, chunkSize, &error);
            if (failed(error))
                return false;
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
