#include "UnreadSinceCounter.h"

#include "BackgroundPriority.h"
#include "Database.h"
#include "MessageIndex.h"

namespace ns {

namespace {

qint64 countOnOwnConnection(const QString &databasePath, qint64 afterId, StoreError *error)
{
    const QString connection = Database::uniqueConnectionName(QStringLiteral("unread-since"));
    qint64 unread = -1;
    {
        QSqlDatabase db = Database::open(databasePath, connection, error);
        if (db.isValid())
            unread = MessageIndex(db).unreadInboxAfter(afterId, error);
    }
    Database::close(connection);
    return unread;
}

} // namespace

UnreadSinceCounter::UnreadSinceCounter(QString databasePath, const MessageIndex *fallback, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_fallback(fallback)
{
}

UnreadSinceCounter::~UnreadSinceCounter()
{
    if (m_thread)
        m_thread->wait(); // One COUNT: at most a fraction of a second, even for a million rows.
}

void UnreadSinceCounter::count(qint64 afterId)
{
    if (m_databasePath.isEmpty() || m_databasePath == QLatin1String(":memory:")) {
        StoreError error;
        const qint64 unread = m_fallback ? m_fallback->unreadInboxAfter(afterId, &error) : -1;
        Q_EMIT counted(unread, error);
        return;
    }
    m_queued = afterId;
    if (!m_running)
        startNext();
}

void UnreadSinceCounter::startNext()
{
    const qint64 afterId = std::exchange(m_queued, -1);
    if (afterId < 0)
        return;
    m_running = true;
    if (m_thread)
        m_thread->wait(); // It has posted its answer: this only joins it.
    m_thread.reset(QThread::create([this, afterId] {
        BackgroundPriority::applyToCurrentThread();
        StoreError error;
        const qint64 unread = countOnOwnConnection(m_databasePath, afterId, &error);
        // Told in the owner's thread, where the next request (if any) starts.
        QMetaObject::invokeMethod(
            this,
            [this, unread, error] {
                m_running = false;
                if (m_queued >= 0) {
                    startNext(); // A newer request replaces this answer.
                    return;
                }
                Q_EMIT counted(unread, error);
            },
            Qt::QueuedConnection);
    }));
    m_thread->setObjectName(QStringLiteral("unread-since"));
    m_thread->start();
}

} // namespace ns
