#include "TrayIcon.h"

#include "MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMenu>

namespace ns {

TrayIcon::TrayIcon(MainWindow *window) : QSystemTrayIcon(QApplication::windowIcon(), window), m_window(window)
{
    setToolTip(window->windowTitle());
    connect(window, &QWidget::windowTitleChanged, this, &QSystemTrayIcon::setToolTip);
    connect(this, &QSystemTrayIcon::activated, this, &TrayIcon::onActivated);

    auto *menu = new QMenu(window);
    menu->addAction(tr("&Show NS Inbox"), window, &MainWindow::bringToFront);
    menu->addSeparator();
    menu->addAction(tr("&Quit"), qApp, &QCoreApplication::quit);
    setContextMenu(menu);

    // The window comes and goes; the app lives in the tray until "Quit".
    QApplication::setQuitOnLastWindowClosed(false);
    window->installEventFilter(this);
}

TrayIcon *TrayIcon::presentAtLaunch(MainWindow *window, bool minimized, bool trayAvailable)
{
    if (!minimized) {
        window->show();
        return nullptr;
    }
    if (!trayAvailable) {
        window->showMinimized();
        return nullptr;
    }
    auto *tray = new TrayIcon(window);
    tray->show();
    return tray;
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close && isVisible()) {
        m_window->hide();
        event->ignore();
        return true;
    }
    return QSystemTrayIcon::eventFilter(watched, event);
}

void TrayIcon::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    if (reason != QSystemTrayIcon::Trigger && reason != QSystemTrayIcon::DoubleClick)
        return;
    if (m_window->isVisible() && !m_window->isMinimized())
        m_window->hide();
    else
        m_window->bringToFront();
}

} // namespace ns
