#pragma once

#include "CatchUpEstimate.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QTimer;

namespace ns {
class LiveRegion;
}

namespace ns {

/// The status bar's "Catching up: 12,345 of 300,000, about 1 min left" with a progress bar,
/// shown while messages that were waiting on the server stream in, hidden otherwise.
class CatchUpIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit CatchUpIndicator(QWidget *parent = nullptr);

    /// Shown at once the first time, then at most every RepaintIntervalMs: a catch-up reports
    /// every batch, and repainting the status bar that often is what kept the UI thread busy.
    void setProgress(qint64 done, qint64 total);
    void finish();
    QString text() const;
    /// What screen readers are told: the start, each quarter done, the end; not every repaint. A child
    /// of the parent given (the window), since this indicator hides between catch-ups.
    LiveRegion *announcer() const { return m_announcer; }

    /// "about 1 min left", "about 20 s left", "a few seconds left".
    static QString timeLeftText(qint64 remainingMs);
    static constexpr int RepaintIntervalMs = 250;

private:
    void apply();

    QLabel *m_label;
    QProgressBar *m_bar;
    QElapsedTimer m_clock;
    CatchUpEstimate m_estimate;
    QTimer *m_repaint;
    QTimer *m_stallCheck; ///< Samples the unchanged count while nothing arrives, so the time left follows a stall.
    LiveRegion *m_announcer;
    int m_quartersAnnounced = -1; ///< -1: the start of this catch-up is not announced yet.
    qint64 m_done = 0;
    qint64 m_total = 0;
};

} // namespace ns
