#pragma once

#include "SavedSearch.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QThread>
#include <QVector>

#include <optional>

namespace ns {

class MessageIndex;

/// Counts the unread messages of the saved searches on a thread of its own, with its own
/// connection to the inbox file, so the window's thread never runs these COUNTs.
///
/// A saved search's count is its query with is:unread over every folder (MessageSearch::count):
/// `from:x` or a word over a million messages costs tens to hundreds of milliseconds, and the
/// counts are refreshed with the folders' counts, a few times a second while mail arrives. One
/// round (every saved search) runs at a time; a request made meanwhile waits for it, and only
/// the latest one waiting is run. An in-memory store has no second connection: there it counts
/// on `fallback`, in the caller's thread (tests only; the app's stores are files).
class SavedSearchCounter : public QObject
{
    Q_OBJECT

public:
    /// One saved search's count: for `query` as it was when counted; -1 when it could not be.
    struct Count
    {
        qint64 id = 0;
        QString query;
        qint64 unread = -1;
    };

    SavedSearchCounter(QString databasePath, const MessageIndex *fallback, QObject *parent = nullptr);
    ~SavedSearchCounter() override;

    /// Starts counting each search's unread messages; counted() tells.
    void count(const QVector<SavedSearch> &searches);
    /// For tests and shutdown: no round running or waiting, its answer told.
    bool waitForIdle(int timeoutMs = 30'000);
    /// The counts of `searches` on `db`, in the calling thread.
    static QVector<Count> countOn(const QSqlDatabase &db, const QVector<SavedSearch> &searches);

Q_SIGNALS:
    /// The counts of one round, in the order asked.
    void counted(const QVector<ns::SavedSearchCounter::Count> &counts);

private:
    void startNext();

    QString m_databasePath;
    const MessageIndex *m_fallback;
    QThread m_thread;
    QObject *m_worker = nullptr; ///< Lives in m_thread; holds the connection.
    std::optional<QVector<SavedSearch>> m_queued; ///< The latest request waiting for the running round.
    bool m_running = false; ///< A round runs, or its answer is on its way to this thread.
};

} // namespace ns
