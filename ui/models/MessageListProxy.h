#pragma once

#include <QDateTime>
#include <QIdentityProxyModel>

#include <functional>

class QTimer;

namespace ns {

/// How the message list looks: dates in local time (relative for today), the unread dot, bold
/// unread rows, a one-line preview. The data model stays raw (after Trojitá's PrettyMsgListModel).
class MessageListProxy : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    explicit MessageListProxy(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    /// The current time, injectable for tests.
    void setClock(Clock clock) { m_clock = std::move(clock); }

    /// "Just now", "5 min ago", "3 h ago" today; "Yesterday 14:05"; a short date before that.
    static QString formatDate(const QDateTime &when, const QDateTime &now);
    /// The body's start on one line: whitespace runs (newlines included) become one space.
    static QString oneLine(const QString &text);

private:
    Clock m_clock;
    QTimer *m_tick;
};

} // namespace ns
