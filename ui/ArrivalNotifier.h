#pragma once

#include "InboxRow.h"

#include <QObject>
#include <QVector>

#include <functional>

class QTimer;

namespace ns {

/// Decides when new messages deserve a desktop notification: only while the window is not
/// active, and a burst (batches close together) becomes one notification.
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

Q_SIGNALS:
    /// Show one notification.
    void notify(const QString &title, const QString &body);

private:
    void flush();

    std::function<bool()> m_windowIsActive;
    QTimer *m_quiet;
    QTimer *m_max;
    QVector<InboxRow> m_pending;
};

} // namespace ns
