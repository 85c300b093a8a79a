#pragma once

#include "InboxRow.h"

#include <QObject>
#include <QVector>

#include <functional>
#include <optional>

class QTimer;

namespace ns {

/// Decides when new messages deserve a desktop notification: only while the window is not
/// active, and a burst (batches close together) becomes one notification. Messages that were
/// already waiting on the server (a catch-up) are announced once, as one summary, when it ends.
class ArrivalNotifier : public QObject
{
    Q_OBJECT

public:
    /// A burst ends after this much quiet...
    static constexpr int QuietMs = 1500;
    /// ...or this long after its first message, so a steady stream still notifies now and then.
    static constexpr int MaxDelayMs = 6000;

    explicit ArrivalNotifier(std::function<bool()> windowIsActive, QObject *parent = nullptr);

    void setDelays(int quietMs, int maxDelayMs);

public Q_SLOTS:
    void messagesArrived(const QVector<ns::InboxRow> &rows);
    /// `count` new inbox messages arrived live, too many to have been read one by one.
    void countArrived(qint64 count);
    /// `count` new inbox messages of a catch-up were stored: counted, not announced yet.
    void backlogStored(qint64 count);
    /// The catch-up ended: one notification for all it brought, if anything. `stillUnread`, when
    /// known (>= 0), is how many of them are still unread now that the other desktops' read state
    /// is in: only those are announced.
    void catchUpFinished(qint64 stillUnread = -1);
    /// Snoozed messages came back (SnoozeWaker): one notification for them all, at once and also
    /// while the window is active: the user asked to be reminded. Only those back in the inbox
    /// count (not an inactive one).
    void snoozedBack(const QVector<ns::InboxRow> &rows);

Q_SIGNALS:
    /// Show one notification; `messageId` is the newest message it announces (what a click opens),
    /// 0 for a summary that names none.
    void notify(const QString &title, const QString &body, qint64 messageId);

private:
    void flush();

    std::function<bool()> m_windowIsActive;
    QTimer *m_quiet;
    QTimer *m_max;
    qint64 m_pending = 0;
    std::optional<InboxRow> m_latest;
    qint64 m_backlog = 0;
};

} // namespace ns
