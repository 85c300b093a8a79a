#include "CatchUpIndicator.h"

#include "LiveRegion.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>

namespace ns {

CatchUpIndicator::CatchUpIndicator(QWidget *parent)
    : QWidget(parent), m_label(new QLabel(this)), m_bar(new QProgressBar(this)), m_repaint(new QTimer(this)),
      m_stallCheck(new QTimer(this)), m_announcer(new LiveRegion(QStringLiteral("catchUpAnnouncer"), parent ? parent : this))
{
    // A stalled catch-up (the broker gone) sends no progress: without a sample of the unchanged
    // count the pace, and "a few seconds left", would stay frozen at the last good figures.
    m_stallCheck->setInterval(1000);
    connect(m_stallCheck, &QTimer::timeout, this, [this] {
        m_estimate.add(m_done, m_total, m_clock.elapsed());
        apply();
    });
    m_repaint->setSingleShot(true);
    m_repaint->setInterval(RepaintIntervalMs);
    connect(m_repaint, &QTimer::timeout, this, &CatchUpIndicator::apply);
    setObjectName(QStringLiteral("catchUpIndicator"));
    m_label->setTextFormat(Qt::PlainText);
    m_bar->setAccessibleName(tr("Catching up"));
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(fontMetrics().averageCharWidth() * 18);
    m_bar->setMaximumHeight(fontMetrics().height());
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    m_clock.start();
    hide();
}

QString CatchUpIndicator::timeLeftText(qint64 remainingMs)
{
    if (remainingMs < 0)
        return {};
    const qint64 s = (remainingMs + 999) / 1000;
    if (s < 10)
        return tr("a few seconds left");
    if (s < 90)
        return tr("about %1 s left").arg(((s + 4) / 5) * 5);
    const qint64 min = (s + 30) / 60;
    if (min < 90)
        return tr("about %1 min left").arg(min);
    return tr("about %1 h left").arg(QLocale().toString(double(min) / 60.0, 'f', 1));
}

void CatchUpIndicator::setProgress(qint64 done, qint64 total)
{
    if (total <= 0 || done >= total) {
        finish();
        return;
    }
    m_estimate.add(done, total, m_clock.elapsed());
    m_done = done;
    m_total = total;
    m_stallCheck->start(); // Restarted by every report: it fires only when reports stop.
    if (m_repaint->isActive())
        return;
    apply();
    m_repaint->start();
}

void CatchUpIndicator::apply()
{
    if (m_total <= 0)
        return;
    const qint64 done = m_done, total = m_total;
    // QProgressBar counts in int: a per mille scale fits any total.
    m_bar->setRange(0, 1000);
    m_bar->setValue(static_cast<int>(done * 1000 / total));
    const QLocale locale;
    QString text = tr("Catching up: %1 of %2").arg(locale.toString(done), locale.toString(total));
    if (const QString left = timeLeftText(m_estimate.remainingMs()); !left.isEmpty())
        text += QStringLiteral(", ") + left;
    m_label->setText(text);
    const int quarters = static_cast<int>(done * 4 / total);
    if (quarters > m_quartersAnnounced) {
        m_quartersAnnounced = quarters;
        m_announcer->announce(text);
    }
    m_bar->setAccessibleDescription(text);
    setToolTip(tr("Messages that were waiting on the server are being stored, newest first."));
    show();
}

void CatchUpIndicator::finish()
{
    m_repaint->stop();
    m_stallCheck->stop();
    if (m_quartersAnnounced >= 0)
        m_announcer->announce(tr("Caught up"));
    m_quartersAnnounced = -1;
    m_done = m_total = 0;
    m_estimate.clear();
    m_label->clear();
    hide();
}

QString CatchUpIndicator::text() const
{
    return m_label->text();
}

} // namespace ns
