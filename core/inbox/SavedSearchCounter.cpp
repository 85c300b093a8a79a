#include "SavedSearchCounter.h"

#include "BackgroundPriority.h"
#include "Database.h"
#include "Logging.h"
#include "MessageIndex.h"
#include "MessageSearch.h"
#include "SearchQuery.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

namespace ns {

namespace {

/// In the counting thread: its connection, opened at the first round, closed with it.
class CountingConnection : public QObject
{
public:
    explicit CountingConnection(QString path) : m_path(std::move(path)) {}
    ~CountingConnection() override
    {
        if (!m_name.isEmpty())
            Database::close(m_name);
    }

    QVector<SavedSearchCounter::Count> count(const QVector<SavedSearch> &searches)
    {
        if (m_name.isEmpty()) {
            BackgroundPriority::applyToCurrentThread();
            m_name = Database::uniqueConnectionName(QStringLiteral("saved-search-counts"));
            StoreError error;
            if (!Database::open(m_path, m_name, &error).isValid()) {
                qCWarning(lcStore).noquote() << "counting saved searches:" << error.text;
                Database::close(m_name);
                m_name.clear(); // Tried again at the next round.
                QVector<SavedSearchCounter::Count> none;
                for (const SavedSearch &s : searches)
                    none.append({s.id, s.query, -1});
                return none;
            }
        }
        return SavedSearchCounter::countOn(QSqlDatabase::database(m_name, false), searches);
    }

private:
    QString m_path;
    QString m_name;
};

} // namespace

SavedSearchCounter::SavedSearchCounter(QString databasePath, const MessageIndex *fallback, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_fallback(fallback)
{
    m_thread.setObjectName(QStringLiteral("saved-search-counts"));
}

SavedSearchCounter::~SavedSearchCounter()
{
    if (!m_worker)
        return;
    m_thread.quit(); // The worker is deleted (its connection closed) in its thread as it ends.
    m_thread.wait(); // At most the round running: a few COUNTs.
}

QVector<SavedSearchCounter::Count> SavedSearchCounter::countOn(const QSqlDatabase &db, const QVector<SavedSearch> &searches)
{
    const MessageSearch search(db);
    QVector<Count> counts;
    counts.reserve(searches.size());
    for (const SavedSearch &s : searches) {
        Count c{s.id, s.query, -1};
        // Space is the lowest-binding AND: "a OR b is:unread" is (a OR b) and unread.
        SearchParseError parseError;
        const SearchQuery unread =
            SearchQuery::parse(s.query + QStringLiteral(" is:unread"), SearchClock::system(), &parseError);
        if (!parseError.isError()) { // Else not counted: saved before this version read it otherwise.
            StoreError error;
            c.unread = search.count(unread, InboxFilter::All, MessageSearch::NoLimit, &error);
            if (error.isError())
                qCWarning(lcStore).noquote() << "counting a saved search:" << error.text;
        }
        counts.append(c);
    }
    return counts;
}

void SavedSearchCounter::count(const QVector<SavedSearch> &searches)
{
    if (m_databasePath.isEmpty() || m_databasePath == QLatin1String(":memory:")) {
        Q_EMIT counted(countOn(m_fallback ? m_fallback->database() : QSqlDatabase(), searches));
        return;
    }
    m_queued = searches;
    if (!m_running)
        startNext();
}

void SavedSearchCounter::startNext()
{
    if (!m_queued)
        return;
    QVector<SavedSearch> searches = std::move(*m_queued);
    m_queued.reset();
    m_running = true;
    if (!m_worker) {
        auto *worker = new CountingConnection(m_databasePath);
        worker->moveToThread(&m_thread);
        connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
        m_worker = worker;
        m_thread.start();
    }
    auto *worker = static_cast<CountingConnection *>(m_worker);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, searches = std::move(searches)] {
            const QVector<Count> counts = worker->count(searches);
            // Told in the owner's thread, where the next request (if any) starts. An answer
            // overtaken by a newer request is still told: under a steady stream of arrivals
            // there is always a newer one, and the counts would never show.
            QMetaObject::invokeMethod(
                this,
                [this, counts] {
                    m_running = false;
                    Q_EMIT counted(counts);
                    startNext();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

bool SavedSearchCounter::waitForIdle(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while ((m_running || m_queued) && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return !m_running && !m_queued;
}

} // namespace ns
