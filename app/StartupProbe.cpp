#include "StartupProbe.h"

#include "Logging.h"
#include "MainWindow.h"
#include "MessageIndex.h"

#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <numeric>

#include <time.h>
#include <unistd.h>

namespace app {

void StartupProbe::install(ns::MainWindow *window)
{
    new StartupProbe(window);
}

StartupProbe::StartupProbe(ns::MainWindow *window) : QObject(window), m_window(window)
{
    window->installEventFilter(this);
}

qint64 StartupProbe::processAgeMs()
{
    // /proc/self/stat: field 22 is the start time in clock ticks since boot; the fields are counted
    // after the command name, which is in parentheses and may itself hold spaces or parentheses.
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    constexpr int StartTimeAfterName = 22 - 3;
    timespec now{};
    const long ticks = sysconf(_SC_CLK_TCK);
    if (fields.size() <= StartTimeAfterName || ticks <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return -1;
    const qint64 startMs = fields.at(StartTimeAfterName).toLongLong() * 1000 / ticks;
    return static_cast<qint64>(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000 - startMs;
}

bool StartupProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        // The window's paint event comes first in a flush that then paints every child: report
        // from the event loop, after the whole first frame.
        QTimer::singleShot(0, this, &StartupProbe::reportFirstPaint);
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::reportFirstPaint()
{
    const qint64 ageMs = processAgeMs();
    // The per-bucket counts are a small table the window reads anyway: no count over the messages.
    ns::StoreError error;
    const ns::MessageIndex::BucketCounts counts = m_window->index()->counts(&error);
    const qint64 stored = std::accumulate(counts.begin(), counts.end(), qint64{0});
    // A failed count is told as such (the window shows the failure itself), never as "0 stored".
    const QString what = error.isError() ? QStringLiteral("messages stored unknown (%1)").arg(error.text)
                                         : QStringLiteral("%1 messages stored").arg(stored);
    qCInfo(lcApp).noquote() << QStringLiteral("window shown: %1, first paint %2 ms after the process started")
                                   .arg(what)
                                   .arg(ageMs);
    if (!qEnvironmentVariableIsSet("NS_INBOX_STARTUP_PROBE"))
        return;
    // A file name in the variable keeps a picture of that frame (to see what was measured).
    const QString picture = qEnvironmentVariable("NS_INBOX_STARTUP_PROBE");
    if (picture.endsWith(QLatin1String(".png")))
        m_window->grab().save(picture);
    std::fputs("ns-inbox: first paint\n", stdout);
    std::fflush(stdout);
    QApplication::quit();
}

} // namespace app
