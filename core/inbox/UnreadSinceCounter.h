#pragma once

#include "StoreError.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace ns {

class MessageIndex;

/// Counts the unread inbox messages stored after an id (what a finished catch-up brought that is
/// still news) on a thread of its own, with its own connection to the inbox file.
///
/// The count steps over every message of the catch-up: a million of them took the UI thread
/// 200 ms in one go (issue 24), where the window's own work per update is a screenful. An
/// in-memory store has no second connection to count on: there it counts on `fallback`, in the
/// caller's thread (tests only; the app's stores are files).
class UnreadSinceCounter : public QObject
{
    Q_OBJECT

public:
    UnreadSinceCounter(QString databasePath, const MessageIndex *fallback, QObject *parent = nullptr);
    ~UnreadSinceCounter() override;

    /// Starts counting the unread inbox messages with an id above `afterId`; counted() tells.
    /// A request made while one runs is counted after it (the latest request wins).
    void count(qint64 afterId);

Q_SIGNALS:
    /// The count of the latest request: -1 with `error` set when the store could not be read.
    void counted(qint64 unread, const ns::StoreError &error);

private:
    void startNext();

    QString m_databasePath;
    const MessageIndex *m_fallback;
    std::unique_ptr<QThread> m_thread;
    qint64 m_queued = -1; ///< The afterId of a request waiting for the running one; -1 for none.
    bool m_running = false; ///< A count runs, or its answer is on its way to this thread.
};

} // namespace ns
