#include "BucketHitPager.h"

#include "BucketPlacement.h"

#include <algorithm>

namespace ns {

using Key = MessageIndex::Key;

BucketHitPager::BucketHitPager(MessageIndex *index, const QVector<int> &buckets, const InboxSort &sort,
                               const MessageIndex::Snapshot &snapshot)
    : m_index(index), m_buckets(buckets), m_sort(sort)
{
    // As SearchSql::select(sort) orders: by the column then the id; by read state, unread first
    // when ascending, each run newest first.
    const bool byRead = sort.key == InboxSortKey::Unread;
    m_segments.resize(byRead ? 2 : 1);
    for (MessageIndex::Segment &s : m_segments) {
        s.key = BucketPlacement::keyColumn(sort);
        s.ascending = byRead ? false : sort.ascending();
        s.maxId = snapshot.maxId;
    }
    for (int b : buckets) {
        m_segments[segmentOf(MessageBucket::isRead(b))].arms.append(MessageIndex::Arm{b, {}});
        m_total += snapshot.counts[static_cast<size_t>(b)];
    }
}

int BucketHitPager::segmentOf(bool read) const
{
    if (m_sort.key != InboxSortKey::Unread)
        return 0;
    return read == m_sort.ascending() ? 1 : 0;
}

QVector<MessageIndex::Hit> BucketHitPager::next(int limit, StoreError *error)
{
    // A chunk's read states are read by id, a few thousand at a time, so loading every match (mark
    // all read, export) holds ids, not rows.
    constexpr int Step = 4096;
    *error = {};
    QVector<MessageIndex::Hit> out;
    while (out.size() < limit && !atEnd()) {
        const int want = static_cast<int>(std::min<qsizetype>(Step, limit - out.size()));
        const QVector<Key> keys = m_index->keys(m_segments.at(m_segment), m_hasBound ? &m_bound : nullptr, true, 0,
                                                want, error);
        if (error->isError())
            return {};
        QVector<qint64> ids;
        ids.reserve(keys.size());
        for (const Key &k : keys)
            ids.append(k.id);
        const QVector<QVariantList> states = m_index->values({QStringLiteral("id"), QStringLiteral("is_read")}, ids, error);
        if (error->isError())
            return {};
        // Values come in the order of the ids, less any deleted in between: matched by id.
        qsizetype v = 0;
        for (qint64 id : std::as_const(ids)) {
            if (v < states.size() && states.at(v).value(0).toLongLong() == id) {
                out.append({id, states.at(v).value(1).toInt() != 0});
                ++v;
            }
        }
        if (keys.size() < want) {
            ++m_segment;
            m_hasBound = false;
        } else {
            m_bound = keys.last();
            m_hasBound = true;
        }
    }
    return out;
}

bool BucketHitPager::hasPassed(const Key &key, bool read) const
{
    const int s = segmentOf(read);
    if (s != m_segment)
        return s < m_segment;
    if (!m_hasBound)
        return false;
    const MessageIndex::Segment &seg = m_segments.at(s);
    const int c = MessageIndex::compare(key, m_bound, seg.key);
    return (seg.ascending ? c : -c) <= 0;
}

} // namespace ns
