#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QQueue>

class QTimer;

namespace ns {

/// Folds the ingest thread's batches into a few refreshes of the window.
///
/// A batch after a quiet spell is shown at once (a lone message must not wait); while more than
/// FloodRowsPerSecond arrive, refreshes come at most once per interval, so a backlog streaming in
/// costs the UI thread a few bounded updates a second instead of one per batch.
class RefreshThrottle : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultIntervalMs = 250;
    static constexpr int FloodRowsPerSecond = 500;

    explicit RefreshThrottle(int intervalMs = DefaultIntervalMs, QObject *parent = nullptr);

    /// A batch of `rows` records was stored.
    void request(int rows);
    /// Whether a refresh is waiting for its turn.
    bool isPending() const;

Q_SIGNALS:
    void refresh();

private:
    void fire();
    qint64 rowsInLastSecond(qint64 now);

    int m_intervalMs;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastRefreshMs = -1;
    QQueue<std::pair<qint64, int>> m_recent; ///< (time, rows) of the batches of the last second.
};

} // namespace ns
