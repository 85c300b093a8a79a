#include "StartupProbe.h"

#include <QApplication>
#include <QEvent>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace app {

void StartupProbe::installIfRequested(QWidget *window)
{
    if (qEnvironmentVariableIsSet("NS_INBOX_STARTUP_PROBE"))
        new StartupProbe(window);
}

StartupProbe::StartupProbe(QWidget *window) : QObject(window)
{
    window->installEventFilter(this);
}

bool StartupProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        // The window's paint event comes first in a flush that then paints every child: report
        // from the event loop, after the whole first frame.
        QTimer::singleShot(0, this, [this] {
            // A file name in the variable keeps a picture of that frame (to see what was measured).
            const QString picture = qEnvironmentVariable("NS_INBOX_STARTUP_PROBE");
            if (picture.endsWith(QLatin1String(".png")))
                static_cast<QWidget *>(parent())->grab().save(picture);
            std::fputs("ns-inbox: first paint\n", stdout);
            std::fflush(stdout);
            QApplication::quit();
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace app
