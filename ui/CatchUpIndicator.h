#pragma once

#include "CatchUpEstimate.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace ns {

/// The status bar's "Catching up: 12,345 of 300,000, about 1 min left" with a progress bar,
/// shown while messages that were waiting on the server stream in, hidden otherwise.
class CatchUpIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit CatchUpIndicator(QWidget *parent = nullptr);

    void setProgress(qint64 done, qint64 total);
    void finish();
    QString text() const;

    /// "about 1 min left", "about 20 s left", "a few seconds left".
    static QString timeLeftText(qint64 remainingMs);

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    QElapsedTimer m_clock;
    CatchUpEstimate m_estimate;
};

} // namespace ns
