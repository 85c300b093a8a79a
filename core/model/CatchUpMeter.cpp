#include "CatchUpMeter.h"

#include <QLocale>

namespace ns {

QString CatchUpMeter::duration(qint64 ms)
{
    const qint64 s = (ms + 999) / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

QString CatchUpMeter::describe(qint64 done, qint64 total, qint64 leftMs)
{
    // Fixed English digit grouping: the command's output is for people and scripts alike.
    const QLocale c(QLocale::English, QLocale::UnitedStates);
    const qint64 percent = total > 0 ? done * 100 / total : 100;
    QString line = QStringLiteral("caught up %1 of %2 (%3%)").arg(c.toString(done), c.toString(total)).arg(percent);
    if (leftMs >= 0 && done < total)
        line += QStringLiteral(", %1 left").arg(duration(leftMs));
    return line;
}

QString CatchUpMeter::update(qint64 done, qint64 total, qint64 nowMs)
{
    if (total <= 0)
        return {};
    if (m_startDone < 0 || done < m_startDone) { // The first report, or a new catch-up.
        m_startDone = done;
        m_startMs = nowMs;
        m_lastTenth = -1;
    }
    // The rate since the first report of this catch-up; unknown until some time has passed.
    const qint64 elapsed = nowMs - m_startMs;
    const qint64 gained = done - m_startDone;
    const qint64 leftMs = elapsed >= 500 && gained > 0 ? (total - done) * elapsed / gained : -1;
    const QString line = describe(done, total, leftMs);
    if (m_terminal)
        return QStringLiteral("\r%1\x1b[K%2").arg(line, done >= total ? QStringLiteral("\n") : QString());
    const int tenth = static_cast<int>(done * 10 / total);
    if (tenth <= m_lastTenth)
        return {};
    m_lastTenth = tenth;
    return line + QLatin1Char('\n');
}

} // namespace ns
