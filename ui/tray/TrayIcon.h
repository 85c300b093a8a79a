#pragma once

#include <QSystemTrayIcon>

namespace ns {

class MainWindow;

/// The notification-area icon of a window started with `--minimized`: a click or "Show NS Inbox" brings
/// the window back, closing the window puts it back in the tray, and "Quit" ends the app.
class TrayIcon : public QSystemTrayIcon
{
    Q_OBJECT

public:
    explicit TrayIcon(MainWindow *window);

    /// Shows `window` as launched: normally; or with `minimized`, hidden in the tray when there is one
    /// (the returned icon, owned by the window), else minimized. Returns null when no tray icon is used.
    static TrayIcon *presentAtLaunch(MainWindow *window, bool minimized,
                                     bool trayAvailable = QSystemTrayIcon::isSystemTrayAvailable());

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onActivated(QSystemTrayIcon::ActivationReason reason);

    MainWindow *m_window;
};

} // namespace ns
