#pragma once

#include "SavedSearch.h"
#include "SavedSearchCounter.h"
#include "StoreError.h"

#include <QHash>
#include <QObject>
#include <QVector>

namespace ns {

class MessageIndex;
class SavedSearchWriter;
class StateSyncService;

/// The saved searches the folder list shows under the folders, each with its unread count.
///
/// Read from the window's read-only connection; changed through a SavedSearchWriter (off the UI
/// thread), then read again. A saved search runs over every folder unless its query has an in:.
/// Its unread count is one COUNT of the query with is:unread (MessageSearch, from the indexes),
/// refreshed when the folders' counts are (the controller's throttled countsChanged), counted
/// off the UI thread on a connection of its own (SavedSearchCounter): the window's thread only
/// asks and shows the answer, whatever the number of messages.
class SavedSearchFolders : public QObject
{
    Q_OBJECT

public:
    /// `index`: the window's read-only reader; `databasePath`: the file the writer opens.
    SavedSearchFolders(MessageIndex *index, const QString &databasePath, QObject *parent = nullptr);
    ~SavedSearchFolders() override;

    const QVector<SavedSearch> &searches() const { return m_searches; }
    /// The saved search with this id, or nullptr.
    const SavedSearch *find(qint64 id) const;
    /// Its unread messages, or -1 when they could not be counted (or are not counted yet).
    qint64 unreadCount(qint64 id) const;

    /// Why `query` cannot be saved (the parser's message), or an empty string when it can.
    static QString problemWith(const QString &query);
    /// Each returns the problem (see problemWith; nothing is written then) or an empty string;
    /// the change is written off the UI thread, then changed() follows.
    QString save(const QString &name, const QString &query);
    QString rename(qint64 id, const QString &name);
    QString edit(qint64 id, const QString &query);
    void remove(qint64 id);
    void move(qint64 id, int position);

    /// Sends each change through `sync` to the user's other desktops at once (not at its next
    /// check), and reads the list again when theirs came in (StateApplyResult::savedSearchesChanged).
    void follow(StateSyncService *sync);
    /// Reads the list and the counts again.
    void reload();
    /// Counts each one's unread messages again (off the UI thread; changed() follows).
    void refreshCounts();
    /// For tests and shutdown: every change written (and read back), the counts asked for told.
    bool waitForWrites(int timeoutMs = 30'000);

Q_SIGNALS:
    /// The list or the counts changed.
    void changed();
    /// Reading or writing the saved searches failed: what to tell the person, once per failure.
    void failed(const ns::StoreError &error);

private:
    MessageIndex *m_index;
    SavedSearchWriter *m_writer;
    SavedSearchCounter *m_counter;
    QVector<SavedSearch> m_searches;
    QHash<qint64, SavedSearchCounter::Count> m_unread; ///< The latest count of each, with the query counted.
};

} // namespace ns
