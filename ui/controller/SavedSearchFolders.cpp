#include "SavedSearchFolders.h"

#include "Logging.h"
#include "MessageIndex.h"
#include "SavedSearchStore.h"
#include "SavedSearchWriter.h"
#include "SearchQuery.h"
#include "StateSyncService.h"

#include <QDeadlineTimer>

#include <algorithm>

namespace ns {

SavedSearchFolders::SavedSearchFolders(MessageIndex *index, const QString &databasePath, QObject *parent)
    : QObject(parent), m_index(index), m_writer(new SavedSearchWriter(databasePath, this)),
      m_counter(new SavedSearchCounter(databasePath, index, this))
{
    connect(m_counter, &SavedSearchCounter::counted, this, [this](const QVector<SavedSearchCounter::Count> &counts) {
        for (const SavedSearchCounter::Count &c : counts)
            m_unread.insert(c.id, c);
        Q_EMIT changed();
    });
    connect(m_writer, &SavedSearchWriter::written, this, [this](const StoreError &error) {
        if (error.isError()) {
            qCWarning(lcStore).noquote() << error.text;
            Q_EMIT failed(error);
        }
        reload();
    });
    reload();
}

SavedSearchFolders::~SavedSearchFolders() = default;

const SavedSearch *SavedSearchFolders::find(qint64 id) const
{
    for (const SavedSearch &s : m_searches) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QString SavedSearchFolders::problemWith(const QString &query)
{
    SearchParseError error;
    const SearchQuery parsed = SearchQuery::parse(query, SearchClock::system(), &error);
    if (error.isError())
        return error.message;
    if (parsed.isEmpty())
        return tr("a saved search needs something to search for");
    return {};
}

QString SavedSearchFolders::save(const QString &name, const QString &query)
{
    const QString problem = problemWith(query);
    if (problem.isEmpty()) {
        m_writer->submit([name, query](SavedSearchStore &store, StoreError *error) {
            return store.add(name, query, error).id != 0;
        });
    }
    return problem;
}

QString SavedSearchFolders::rename(qint64 id, const QString &name)
{
    m_writer->submit([id, name](SavedSearchStore &store, StoreError *error) { return store.rename(id, name, error); });
    return {};
}

QString SavedSearchFolders::edit(qint64 id, const QString &query)
{
    const QString problem = problemWith(query);
    if (problem.isEmpty()) {
        m_writer->submit(
            [id, query](SavedSearchStore &store, StoreError *error) { return store.setQuery(id, query, error); });
    }
    return problem;
}

void SavedSearchFolders::remove(qint64 id)
{
    m_writer->submit([id](SavedSearchStore &store, StoreError *error) { return store.remove(id, error); });
}

void SavedSearchFolders::move(qint64 id, int position)
{
    m_writer->submit([id, position](SavedSearchStore &store, StoreError *error) { return store.move(id, position, error); });
}

void SavedSearchFolders::follow(StateSyncService *sync)
{
    connect(m_writer, &SavedSearchWriter::written, sync, &StateSyncService::changesQueued);
    connect(sync, &StateSyncService::stateApplied, this, [this](const StateApplyResult &result) {
        if (result.savedSearchesChanged)
            reload();
    });
}

void SavedSearchFolders::reload()
{
    StoreError error;
    QVector<SavedSearch> searches = SavedSearchStore(m_index->database()).list(&error);
    if (error.isError()) {
        qCWarning(lcStore).noquote() << error.text;
        Q_EMIT failed(error);
        return; // The list stays as it was.
    }
    m_searches = std::move(searches);
    refreshCounts();
}

qint64 SavedSearchFolders::unreadCount(qint64 id) const
{
    // A count stands for the query it counted: an edited search shows none until its own comes.
    const auto it = m_unread.constFind(id);
    const SavedSearch *s = find(id);
    return it != m_unread.cend() && s && s->query == it->query ? it->unread : -1;
}

void SavedSearchFolders::refreshCounts()
{
    // The counts shown stay until the new ones come (no flicker to "not counted").
    m_counter->count(m_searches);
}

bool SavedSearchFolders::waitForWrites(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    return m_writer->waitForIdle(timeoutMs) && m_counter->waitForIdle(int(std::max<qint64>(0, deadline.remainingTime())));
}

} // namespace ns
