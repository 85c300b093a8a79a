#include "InboxRowSource.h"

#include "BucketPlacement.h"
#include "IndexedRowSource.h"
#include "Logging.h"
#include "SearchBoxQuery.h"
#include "SearchRowSource.h"

#include <algorithm>

namespace ns {

using Key = MessageIndex::Key;

std::unique_ptr<InboxRowSource> InboxRowSource::open(MessageIndex *index, InboxViewSpec spec, FailureHandler onFailure)
{
    SearchParseError parseError;
    SearchQuery query = SearchBoxQuery::parse(spec.searchText, SearchClock::system(), &parseError);
    std::unique_ptr<InboxRowSource> source;
    if (parseError.isError())
        source = std::make_unique<SearchRowSource>(index, std::move(spec), std::move(parseError));
    else if (!query.isEmpty())
        source = std::make_unique<SearchRowSource>(index, std::move(spec), std::move(query));
    else
        source = std::make_unique<IndexedRowSource>(index, std::move(spec));
    source->m_onFailure = std::move(onFailure);
    source->load();
    return source;
}

bool InboxRowSource::failed(const StoreError &error)
{
    if (!error.isError())
        return false;
    ++m_failedReads;
    m_lastFailure = error;
    if (!m_failure.isError()) {
        m_failure = error;
        if (m_onFailure)
            m_onFailure(error);
    }
    return true;
}

InboxRowSource::InboxRowSource(MessageIndex *index, InboxViewSpec spec) : m_index(index), m_spec(std::move(spec)) {}

Key InboxRowSource::keyOf(const InboxRow &row) const
{
    return MessageIndex::keyOf(row, BucketPlacement::keyColumn(m_spec.sort));
}

int InboxRowSource::compareRows(const Key &a, bool readA, const Key &b, bool readB) const
{
    if (m_spec.sort.key == InboxSortKey::Unread) {
        if (readA != readB)
            return (readA ? 1 : -1) * (m_spec.sort.ascending() ? 1 : -1);
        return -MessageIndex::compare(a, b, InboxSortKey::Date);
    }
    const int c = MessageIndex::compare(a, b, m_spec.sort.key);
    return m_spec.sort.ascending() ? c : -c;
}

bool InboxRowSource::takeSnapshot(MessageIndex::Snapshot *snapshot)
{
    StoreError error;
    *snapshot = m_index->snapshot(&error);
    if (failed(error))
        return false;
    m_failure = {};
    m_maxId = snapshot->maxId;
    m_cache.clear();
    return true;
}

const InboxRow *InboxRowSource::row(int row)
{
    if (row < 0 || row >= count())
        return nullptr;
    if (const InboxRow *cached = m_cache.find(row))
        return cached;
    const qint64 failedBefore = m_failedReads;
    fetchWindow(row);
    const InboxRow *fetched = m_cache.find(row);
    if (fetched && m_failedReads == failedBefore)
        m_failure = {}; // The store reads again: a later failure is news.
    else if (!fetched && m_failedReads == failedBefore) // A store failure is reported once, elsewhere.
        qCWarning(lcStore) << "inbox row" << row << "of" << count() << "could not be read";
    return fetched;
}

int InboxRowSource::nextUnread(int from, bool forward, StoreError *error)
{
    const qint64 failedBefore = m_failedReads;
    const int found = findUnread(from, forward);
    if (m_failedReads != failedBefore)
        *error = m_lastFailure;
    else if (found < 0 && m_failure.isError())
        *error = m_failure; // Rows that could not be read may hold the unread one.
    else
        *error = {};
    return error->isError() ? -1 : found;
}

qint64 InboxRowSource::idAt(int row)
{
    const InboxRow *r = this->row(row);
    return r ? r->id : 0;
}

InboxRowSource::Arrivals InboxRowSource::planArrivals()
{
    Arrivals a;
    a.newMaxId = m_maxId;
    // One more than a window tells a flood from a few without counting them.
    StoreError error;
    const QVector<InboxRow> fresh = m_index->rowsAfter(m_maxId, WindowSize + 1, &error);
    if (failed(error) || fresh.isEmpty())
        return a;
    if (fresh.size() > WindowSize) {
        a.reload = true;
        return a;
    }
    for (const InboxRow &r : fresh)
        a.newMaxId = std::max(a.newMaxId, r.id);
    // A read that fails while planning plans nothing: the next refresh tries again.
    const qint64 failedBefore = m_failedReads;
    const auto nothing = [this] {
        Arrivals none;
        none.newMaxId = m_maxId;
        return none;
    };
    QVector<InboxRow> shown;
    const bool select = selectArrivals(fresh, a.newMaxId, &shown);
    if (m_failedReads != failedBefore)
        return nothing();
    if (!select) {
        a.reload = true;
        return a;
    }
    struct Item
    {
        InboxRow row;
        Key key;
        int segment = 0;
        int position = 0;
    };
    QVector<Item> items;
    items.reserve(shown.size());
    for (const InboxRow &r : std::as_const(shown))
        items.append({r, keyOf(r), segmentOf(r), 0});
    std::sort(items.begin(), items.end(), [this](const Item &x, const Item &y) {
        return compareRows(x.key, x.row.isRead, y.key, y.row.isRead) < 0;
    });
    // Positions among the rows already there (the new ones are not in yet).
    for (Item &item : items) {
        const bool placed = placeArrival(item.segment, item.key, item.row.isRead, &item.position);
        if (m_failedReads != failedBefore)
            return nothing();
        if (!placed) {
            a.reload = true;
            return a;
        }
    }
    a.all = fresh;
    m_maxId = a.newMaxId;
    for (const Item &item : std::as_const(items))
        arrivalPlanned(item.row);
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Item &item = items.at(i);
        if (i > 0 && item.position == items.at(i - 1).position && item.segment == items.at(i - 1).segment)
            a.runs.last().rows.append(item.row);
        else
            a.runs.append({item.position + static_cast<int>(i), {item.row}});
    }
    return a;
}

void InboxRowSource::applyRun(const InsertRun &run)
{
    m_cache.inserted(run.row, static_cast<int>(run.rows.size()));
    RowWindowCache::Window w;
    w.first = run.row;
    w.rows = run.rows;
    runApplied(run, &w);
    m_cache.add(std::move(w));
}

namespace {
// Why a row the user acts on is not there: the store failed to read it, or it was removed.
StoreError missingRow(const StoreError &failure)
{
    return failure.isError() ? failure : StoreError{StoreError::Kind::Other, QStringLiteral("the message is no longer there")};
}
} // namespace

bool InboxRowSource::setRead(int row, bool read, StoreError *error)
{
    const InboxRow *r = this->row(row);
    if (!r) {
        *error = missingRow(m_failure);
        return false;
    }
    if (r->isRead == read)
        return true;
    const InboxRow current = *r;
    if (!m_index->setRead(current.id, read, error))
        return false;
    applyState(row, MessageBucket::withRead(current.bucket(), read));
    return true;
}

void InboxRowSource::applyRead(int row, bool read)
{
    if (const InboxRow *r = this->row(row); r && r->isRead != read)
        applyState(row, MessageBucket::withRead(r->bucket(), read));
}

bool InboxRowSource::archiveLeaves(int row, bool archived)
{
    const InboxRow *r = this->row(row);
    return r && !holds(MessageBucket::withArchived(r->bucket(), archived));
}

bool InboxRowSource::writeArchived(int row, bool archived, StoreError *error)
{
    const InboxRow *r = this->row(row);
    if (!r) {
        *error = missingRow(m_failure);
        return false;
    }
    return m_index->setArchived(r->id, archived, error);
}

void InboxRowSource::applyArchived(int row, bool archived)
{
    if (const InboxRow *r = this->row(row))
        applyState(row, MessageBucket::withArchived(r->bucket(), archived));
}

namespace {
// The bucket setSnoozed() gives a message: snoozed (or back in the inbox), unread either way.
int snoozedBucket(int bucket, qint64 untilMs)
{
    return MessageBucket::withRead(
        MessageBucket::withPlacement(bucket, untilMs > 0 ? Placement::Snoozed : Placement::Inbox), false);
}
} // namespace

bool InboxRowSource::snoozeLeaves(int row, qint64 untilMs)
{
    const InboxRow *r = this->row(row);
    return r && !holds(snoozedBucket(r->bucket(), untilMs));
}

bool InboxRowSource::writeSnoozed(int row, qint64 untilMs, StoreError *error)
{
    const InboxRow *r = this->row(row);
    if (!r) {
        *error = missingRow(m_failure);
        return false;
    }
    return m_index->setSnoozed(r->id, untilMs, error);
}

void InboxRowSource::applySnoozed(int row, qint64 untilMs)
{
    const InboxRow *r = this->row(row);
    if (!r)
        return;
    const qint64 id = r->id;
    applyState(row, snoozedBucket(r->bucket(), untilMs));
    m_cache.update(id, [untilMs](InboxRow &x) { x.snoozedUntilMs = untilMs; });
}

// A row's state changed in the store. It keeps its place: when its new state would put it
// elsewhere (or outside the filter), the source keeps ordering it by the state it was shown with.
void InboxRowSource::applyState(int row, int newBucket)
{
    const InboxRow *r = this->row(row);
    if (!r)
        return;
    const qint64 id = r->id;
    stateApplied(row, id, r->bucket(), newBucket);
    m_cache.update(id, [newBucket](InboxRow &x) {
        x.isRead = MessageBucket::isRead(newBucket);
        x.isArchived = MessageBucket::isArchived(newBucket);
        x.isSnoozed = MessageBucket::isSnoozed(newBucket);
        x.isActive = MessageBucket::isActive(newBucket);
        if (!x.isSnoozed)
            x.snoozedUntilMs = 0;
    });
}

void InboxRowSource::allReadInCache(BulkEffect effect)
{
    switch (effect) {
    case BulkEffect::RemovedAll:
    case BulkEffect::Relayout: m_cache.clear(); break;
    case BulkEffect::ChangedAll: m_cache.updateAll([](InboxRow &r) { r.isRead = true; }); break;
    }
}

void InboxRowSource::setSort(const InboxSort &)
{
    Q_ASSERT_X(false, "InboxRowSource::setSort", "only indexed rows are re-sorted in place");
}

} // namespace ns
