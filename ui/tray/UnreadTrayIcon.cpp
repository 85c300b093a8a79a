#include "UnreadTrayIcon.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>
#include <QWidget>

namespace ns {

namespace {

// The application icon with the count in a red badge, drawn at the tray's size.
QIcon badged(const QIcon &base, qint64 count)
{
    QIcon out;
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pm = base.pixmap(size, size);
        if (pm.isNull()) {
            pm = QPixmap(size, size);
            pm.fill(QColor(0x25, 0x63, 0xeb));
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
            p.setBrush(QColor(0xdc, 0x26, 0x26));
            p.drawRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
            p.setPen(Qt::white);
            p.drawText(badge, Qt::AlignCenter, text);
        }
        out.addPixmap(pm);
    }
    return out;
}

} // namespace

UnreadTrayIcon::UnreadTrayIcon(QWidget *window) : QObject(window), m_window(window)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(this);
    auto *menu = new QMenu(window);
    menu->addAction(tr("Show NS Inbox"), window, [window] {
        window->showNormal();
        window->raise();
        window->activateWindow();
    });
    menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
    });
    setUnreadCount(0);
    m_tray->show();
}

void UnreadTrayIcon::setUnreadCount(qint64 count)
{
    if (!m_tray || count == m_count)
        return;
    m_count = count;
    m_tray->setIcon(badged(QApplication::windowIcon(), count));
    m_tray->setToolTip(count > 0 ? tr("NS Inbox: %n unread", nullptr, static_cast<int>(count)) : tr("NS Inbox"));
}

void UnreadTrayIcon::showNotification(const QString &title, const QString &body)
{
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 8000);
    // Without a tray, the taskbar entry asks for attention instead.
    QApplication::alert(m_window);
}

} // namespace ns
