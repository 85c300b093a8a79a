#include "BucketPlacement.h"

namespace ns {

BucketPlacement::BucketPlacement(InboxFilter filter, InboxSort sort, const MessageIndex::BucketCounts &counts)
    : m_filter(filter), m_sort(sort), m_buckets(MessageBucket::of(filter))
{
    for (int b : std::as_const(m_buckets))
        m_shown[static_cast<size_t>(b)] = counts[static_cast<size_t>(b)];
}

int BucketPlacement::count() const
{
    qint64 n = 0;
    for (int b : m_buckets)
        n += m_shown[static_cast<size_t>(b)];
    return static_cast<int>(n);
}

InboxSortKey BucketPlacement::keyColumn(const InboxSort &sort)
{
    return sort.key == InboxSortKey::Unread ? InboxSortKey::Date : sort.key;
}

int BucketPlacement::segmentOfBucket(int bucket) const
{
    if (m_sort.key != InboxSortKey::Unread)
        return 0;
    // Ascending puts unread messages first.
    return MessageBucket::isRead(bucket) == m_sort.ascending() ? 1 : 0;
}

QVector<BucketPlacement::Segment> BucketPlacement::segments() const
{
    QVector<Segment> segs(m_sort.key == InboxSortKey::Unread ? 2 : 1);
    for (int b : m_buckets)
        segs[segmentOfBucket(b)].buckets.append(b);
    int start = 0;
    for (Segment &s : segs) {
        s.start = start;
        for (int b : std::as_const(s.buckets))
            s.size += static_cast<int>(m_shown[static_cast<size_t>(b)]);
        start += s.size;
    }
    return segs;
}

MessageIndex::Segment BucketPlacement::baseQuery(qint64 maxId) const
{
    MessageIndex::Segment q;
    q.key = keyColumn();
    q.ascending = m_sort.key == InboxSortKey::Unread ? false : m_sort.ascending();
    q.maxId = maxId;
    return q;
}

// A bucket's rows, less those placed elsewhere (sticky) or not in the view yet (pending).
MessageIndex::Arm BucketPlacement::bucketArm(int bucket) const
{
    MessageIndex::Arm arm;
    arm.bucket = bucket;
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        if (it->actual == bucket)
            arm.ids.append(it.key());
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value() == bucket)
            arm.ids.append(it.key());
    }
    return arm;
}

MessageIndex::Segment BucketPlacement::query(const Segment &segment, qint64 maxId) const
{
    MessageIndex::Segment q = baseQuery(maxId);
    MessageIndex::Arm sticky;
    for (int b : segment.buckets)
        q.arms.append(bucketArm(b));
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        if (segment.buckets.contains(it->shown))
            sticky.ids.append(it.key());
    }
    if (!sticky.ids.isEmpty())
        q.arms.append(sticky);
    return q;
}

MessageIndex::Segment BucketPlacement::unreadQuery(const Segment &segment, qint64 maxId) const
{
    MessageIndex::Segment q = baseQuery(maxId);
    MessageIndex::Arm sticky;
    for (int b : segment.buckets) {
        if (!MessageBucket::isRead(b))
            q.arms.append(bucketArm(b));
    }
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        if (segment.buckets.contains(it->shown) && !MessageBucket::isRead(it->actual))
            sticky.ids.append(it.key());
    }
    if (!sticky.ids.isEmpty())
        q.arms.append(sticky);
    return q;
}

int BucketPlacement::shownBucket(qint64 id, int actualBucket) const
{
    const auto it = m_sticky.constFind(id);
    return it != m_sticky.cend() ? it->shown : actualBucket;
}

void BucketPlacement::arrived(qint64 id, int bucket)
{
    m_pending.remove(id);
    ++m_shown[static_cast<size_t>(bucket)];
}

// Whether a row shown by one bucket would be in the same place if shown by another.
bool BucketPlacement::keepsPlace(int shown, int actual) const
{
    return MessageBucket::belongsTo(actual, m_filter)
        && (m_sort.key != InboxSortKey::Unread || MessageBucket::isRead(actual) == MessageBucket::isRead(shown));
}

void BucketPlacement::stateChanged(qint64 id, int oldActual, int newActual)
{
    const int shown = shownBucket(id, oldActual);
    if (keepsPlace(shown, newActual)) {
        m_sticky.remove(id);
        --m_shown[static_cast<size_t>(shown)];
        ++m_shown[static_cast<size_t>(newActual)];
    } else {
        m_sticky.insert(id, {shown, newActual});
    }
}

void BucketPlacement::removed(qint64 id, int actualBucket)
{
    --m_shown[static_cast<size_t>(shownBucket(id, actualBucket))];
    m_sticky.remove(id);
}

void BucketPlacement::setSort(const InboxSort &sort)
{
    m_sort = sort;
    for (auto it = m_sticky.begin(); it != m_sticky.end();) {
        if (keepsPlace(it->shown, it->actual)) {
            --m_shown[static_cast<size_t>(it->shown)];
            ++m_shown[static_cast<size_t>(it->actual)];
            it = m_sticky.erase(it);
        } else {
            ++it;
        }
    }
}

void BucketPlacement::allRead()
{
    // Every row now sits in its store bucket, and every unread bucket moved to its read twin.
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        --m_shown[static_cast<size_t>(it->shown)];
        ++m_shown[static_cast<size_t>(it->actual)];
    }
    m_sticky.clear();
    for (int b : std::as_const(m_buckets)) {
        if (!MessageBucket::isRead(b)) {
            m_shown[static_cast<size_t>(MessageBucket::withRead(b, true))] += m_shown[static_cast<size_t>(b)];
            m_shown[static_cast<size_t>(b)] = 0;
        }
    }
    if (m_filter == InboxFilter::Unread)
        m_shown.fill(0); // The Unread view empties.
}

void BucketPlacement::rebase(const MessageIndex::BucketCounts &counts)
{
    m_pending.clear();
    m_shown.fill(0);
    for (int b : std::as_const(m_buckets))
        m_shown[static_cast<size_t>(b)] = counts[static_cast<size_t>(b)];
    // A sticky row is counted by the bucket it is shown in, not the one the store has it in.
    for (auto it = m_sticky.cbegin(); it != m_sticky.cend(); ++it) {
        --m_shown[static_cast<size_t>(it->actual)];
        ++m_shown[static_cast<size_t>(it->shown)];
    }
}

void BucketPlacement::clear()
{
    m_shown.fill(0);
    m_sticky.clear();
    m_pending.clear();
}

} // namespace ns
