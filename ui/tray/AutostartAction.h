#pragma once

#include <QAction>

namespace ns {

/// "Start at Login": a check box that writes or removes the XDG autostart entry (see Autostart), which
/// starts this executable minimized to the tray.
class AutostartAction : public QAction
{
    Q_OBJECT

public:
    explicit AutostartAction(QObject *parent = nullptr);

Q_SIGNALS:
    /// Writing or removing the entry failed; `reason` is for the user.
    void failed(const QString &reason);

private:
    void apply(bool enabled);
};

} // namespace ns
