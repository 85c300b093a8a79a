#include "ReadDelay.h"

#include <QSettings>
#include <QTimer>

#include <utility>

namespace ns {

QString ReadDelay::settingsKey()
{
    return QStringLiteral("reading/markReadDelayMs");
}

int ReadDelay::configuredMs()
{
    bool ok = false;
    const int ms = QSettings().value(settingsKey(), DefaultMs).toInt(&ok);
    return ok ? ms : DefaultMs;
}

ReadDelay::ReadDelay(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (const qint64 id = std::exchange(m_pending, 0); id != 0)
            Q_EMIT due(id);
    });
}

void ReadDelay::shown(qint64 id)
{
    cancel();
    const int ms = configuredMs();
    if (id == 0 || ms < 0)
        return;
    if (ms == 0) {
        Q_EMIT due(id);
        return;
    }
    m_pending = id;
    m_timer->start(ms);
}

void ReadDelay::cancel()
{
    m_timer->stop();
    m_pending = 0;
}

} // namespace ns
