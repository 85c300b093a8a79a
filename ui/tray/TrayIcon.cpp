#include "TrayIcon.h"

#include "ActivationToken.h"
#include "ArrivalNotifier.h"
#include "DesktopNotifications.h"
#include "InboxActions.h"
#include "LiveRegion.h"
#include "Logging.h"
#include "TextContrast.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMenu>
#include <QPainter>
#include <QRegularExpression>
#include <QStatusBar>

#include <algorithm>

namespace ns {
namespace {

// The application icon with the count in a badge, drawn at the tray's sizes, up to those a 200% panel
// asks for (a 22 px slot is 44 pixels there), so the host never scales a small one up. The badge takes
// the palette's selection colours (dark and high-contrast themes included), its background deepened
// where the theme's pair is below 4.5:1 for the count.
QIcon badged(const QIcon &base, qint64 count, const QPalette &palette)
{
    QIcon out;
    for (int size : {16, 22, 24, 32, 44, 48, 64, 96, 128}) {
        QPixmap pm = base.pixmap(size, size);
        if (pm.isNull()) {
            pm = QPixmap(size, size);
            pm.fill(palette.color(QPalette::Highlight));
        } else if (pm.width() != size) {
            // An icon without this size gives a smaller pixmap: the badge is drawn for the size asked.
            pm = pm.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        }
        if (count > 0) {
            QPainter p(&pm);
            p.setRenderHint(QPainter::Antialiasing);
            const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
            QFont f = QApplication::font();
            f.setBold(true);
            f.setPixelSize(std::max(7, size * 9 / 22));
            p.setFont(f);
            const int w = std::max(p.fontMetrics().horizontalAdvance(text) + size / 6, size * 6 / 11);
            const QRect badge(size - w, 0, w, size * 6 / 11);
            p.setPen(Qt::NoPen);
            // An outline in the text colour keeps the badge apart from an icon of the same hue.
            const QColor ink = palette.color(QPalette::HighlightedText);
            p.setPen(QPen(ink, std::max(1.0, size / 32.0)));
            p.setBrush(TextContrast::behind(palette.color(QPalette::Highlight), ink));
            p.drawRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
            p.setPen(palette.color(QPalette::HighlightedText));
            p.drawText(badge, Qt::AlignCenter, text);
        }
        out.addPixmap(pm);
    }
    return out;
}

} // namespace

TrayIcon::TrayIcon(MainWindow *window, DesktopNotifications *notifications, bool trayAvailable)
    : QObject(window), m_window(window), m_notifications(notifications),
      m_announcer(new LiveRegion(QStringLiteral("arrivalAnnouncer"), window)),
      m_statusAnnouncer(new LiveRegion(QStringLiteral("statusAnnouncer"), window->statusBar()))
{
    connect(window->statusBar(), &QStatusBar::messageChanged, m_statusAnnouncer, &LiveRegion::announce);
    // As the notifications: a burst of arrivals is one announcement, a stream one every few seconds.
    m_announcer->setMinIntervalMs(ArrivalNotifier::MaxDelayMs);
    // The window told its first count before this object existed; its title carries it ("(3) NS Inbox").
    // (The controller the window is becoming will have a getter for it.)
    static const QRegularExpression titleCount(QStringLiteral("^\\((\\d+)\\)"));
    const QRegularExpressionMatch counted = titleCount.match(window->windowTitle());
    m_unread = counted.hasMatch() ? counted.captured(1).toLongLong() : 0;
    connect(window, &MainWindow::unreadCountChanged, this, &TrayIcon::setUnreadCount);
    connect(window->notifier(), &ArrivalNotifier::notify, this, &TrayIcon::notify);
    connect(window, &MainWindow::messagesReadElsewhere, this, &TrayIcon::messagesReadElsewhere);
    if (m_notifications)
        connect(m_notifications, &DesktopNotifications::activated, this, &TrayIcon::openFromNotification);
    if (!trayAvailable)
        return;

    m_icon = new QSystemTrayIcon(this);
    m_menu = new QMenu(window);
    m_showHide = m_menu->addAction(tr("&Show NS Inbox"), this, &TrayIcon::toggleWindow);
    m_menu->addSeparator();
    // The window's own Quit: the one way out, which ends the app also while closing only hides.
    QAction *quit = m_menu->addAction(tr("&Quit"));
    connect(quit, &QAction::triggered, window->actions()->quit, &QAction::trigger);
    connect(m_menu, &QMenu::aboutToShow, this,
            [this] { m_showHide->setText(windowShown() ? tr("&Hide NS Inbox") : tr("&Show NS Inbox")); });
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, &TrayIcon::onActivated);
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] { openFromNotification(m_balloonMessage, {}); });
    setUnreadCount(0);
    m_icon->show();
    // A new palette (the desktop switched to dark or high contrast) repaints the badge at once.
    window->installEventFilter(this);
}

void TrayIcon::presentAtLaunch(bool minimized)
{
    // A session restarted with new settings is a normal start again: closing its window quits.
    QApplication::setQuitOnLastWindowClosed(!minimized || !m_icon);
    if (!minimized) {
        m_window->show();
        return;
    }
    if (!m_icon) {
        m_window->showMinimized();
        return;
    }
    // The window comes and goes; the app lives in the tray until "Quit".
    m_keepRunning = true;
    m_window->installEventFilter(this);
}

void TrayIcon::setUnreadCount(qint64 count)
{
    // Every message is read (here or on another desktop): whatever was announced is old news.
    if (count == 0 && m_notifications)
        m_notifications->withdraw();
    // The notifier stays quiet while the window is active: a screen reader hears of arrivals here
    // (folded by the announcer's interval, so a burst is one announcement).
    if (m_unread >= 0 && count > m_unread && m_window->isActiveWindow())
        m_announcer->announce(tr("New messages: %n unread", nullptr, static_cast<int>(std::min<qint64>(count, INT_MAX))));
    m_unread = count;
    if (!m_icon || count == m_count)
        return;
    m_count = count;
    m_icon->setIcon(badged(QApplication::windowIcon(), count, QApplication::palette()));
    m_icon->setToolTip(count > 0 ? tr("NS Inbox: %n unread", nullptr, static_cast<int>(std::min<qint64>(count, INT_MAX)))
                                 : tr("NS Inbox"));
}

void TrayIcon::notify(const QString &title, const QString &body, qint64 messageId)
{
    m_balloonMessage = messageId;
    if (m_notifications && m_notifications->show(title, body, messageId)) {
        // The daemon shows it.
    } else if (m_icon && QSystemTrayIcon::supportsMessages()) {
        m_icon->showMessage(title, body, QSystemTrayIcon::Information, 8000);
    }
    // The taskbar entry asks for attention too (a no-op while the window is hidden in the tray).
    QApplication::alert(m_window);
}

void TrayIcon::messagesReadElsewhere(const QVector<qint64> &ids)
{
    if (!m_notifications)
        return; // Qt's tray balloon cannot be taken back; it expires by itself.
    const qint64 shown = m_notifications->currentToken();
    if (shown > 0 && ids.contains(shown))
        m_notifications->withdraw();
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::PaletteChange && m_icon && m_count >= 0)
        m_icon->setIcon(badged(QApplication::windowIcon(), m_count, QApplication::palette()));
    if (watched == m_window && event->type() == QEvent::Close && m_keepRunning) {
        m_window->hide();
        event->ignore();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

bool TrayIcon::windowShown() const
{
    return m_window->isVisible() && !m_window->isMinimized();
}

void TrayIcon::toggleWindow()
{
    if (windowShown())
        m_window->hide();
    else
        m_window->bringToFront();
}

void TrayIcon::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
        toggleWindow();
}

void TrayIcon::openFromNotification(qint64 messageId, const QString &activationToken)
{
    // Under Wayland the daemon's token is what lets the window come to the front.
    ActivationToken::activateWith(activationToken, [this, messageId] {
        if (messageId > 0)
            m_window->openMessage(messageId);
        else
            m_window->bringToFront();
    });
}

} // namespace ns
