#include "AutostartAction.h"

#include "Autostart.h"
#include "Logging.h"

#include <QCoreApplication>

namespace ns {

AutostartAction::AutostartAction(QObject *parent) : QAction(tr("Start at &Login, Minimized to Tray"), parent)
{
    setCheckable(true);
    setChecked(Autostart::isEnabled());
    setStatusTip(tr("Start NS Inbox in the system tray when you log in"));
    connect(this, &QAction::toggled, this, &AutostartAction::apply);
}

void AutostartAction::apply(bool enabled)
{
    QString error;
    if (Autostart::setEnabled(enabled, QCoreApplication::applicationFilePath(), &error)) {
        qCInfo(lcUi).noquote() << (enabled ? "wrote" : "removed") << Autostart::entryPath();
        return;
    }
    qCWarning(lcUi).noquote() << "autostart:" << error;
    const QSignalBlocker blocker(this);
    setChecked(Autostart::isEnabled());
    Q_EMIT failed(tr("Could not change the login start: %1").arg(error));
}

} // namespace ns
