#include "ConnectionIndicator.h"

#include "LiveRegion.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>

namespace ns {

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent), m_dot(new QLabel(this)), m_text(new QLabel(this)), m_ticker(new QTimer(this)),
      // The window's, not this indicator's: a status bar widget may be hidden and shown again.
      m_announcer(new LiveRegion(QStringLiteral("connectionAnnouncer"), parent ? parent : this))
{
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &ConnectionIndicator::updateText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_dot);
    layout->addWidget(m_text);
    m_text->setTextFormat(Qt::PlainText);
    // The words are the label's accessible name; the dot says nothing a screen reader needs.
    setAccessibleName(tr("Connection state"));
    m_text->setAccessibleDescription(tr("Connection state"));
    setState(ConnectionState::Stopped, {});
}

QString ConnectionIndicator::describe(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Stopped: return tr("Offline");
    case ConnectionState::Connecting: return tr("Connecting…");
    case ConnectionState::Connected: return tr("Connected");
    case ConnectionState::BrokerUnreachable: return tr("Broker unreachable");
    case ConnectionState::BrokerNotResponding: return tr("Broker not responding");
    case ConnectionState::AuthenticationFailed: return tr("Sign-in failed");
    case ConnectionState::TlsFailed: return tr("Secure connection failed");
    case ConnectionState::NotAuthorized: return tr("Not authorized");
    case ConnectionState::TopicMissing: return tr("Waiting for the first message");
    case ConnectionState::StorageError: return tr("Storage error");
    }
    return {};
}

QString ConnectionIndicator::explain(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Stopped: return tr("NS Inbox is not connected to the server.");
    case ConnectionState::Connecting: return tr("Connecting to the server…");
    case ConnectionState::Connected: return tr("Connected to the server: new messages arrive as they are sent.");
    case ConnectionState::BrokerUnreachable:
        return tr("The server cannot be reached: nothing answered at its address. NS Inbox keeps trying.\n"
                  "Check your network, and the server address in File > Settings (Test connection tries it step by step).");
    case ConnectionState::BrokerNotResponding:
        return tr("The server stopped answering. NS Inbox keeps waiting and goes on when it answers again.\n"
                  "If it stays silent, check your network, and the server in File > Settings (Test connection).");
    case ConnectionState::AuthenticationFailed:
        return tr("The server refused the user name or password.\n"
                  "Correct them in File > Settings; Test connection checks them.");
    case ConnectionState::TlsFailed:
        return tr("The secure connection to the server could not be set up.\n"
                  "Check the security and certificate settings in File > Settings; Test connection checks them.");
    case ConnectionState::NotAuthorized:
        return tr("The server refuses this user access to the messages.\n"
                  "Check the user in File > Settings, or ask your administrator for access.");
    case ConnectionState::TopicMissing:
        return tr("Connected. Your messages appear when the first one is sent to you.");
    case ConnectionState::StorageError:
        return tr("Messages cannot be stored on this computer: the disk may be full or read-only.\n"
                  "The bar above the list says more.");
    }
    return {};
}

void ConnectionIndicator::setState(ConnectionState state, const QString &detail)
{
    if (state != m_state)
        m_announcer->announce(tr("Connection: %1").arg(describe(state)));
    m_state = state;
    // A standard status icon, not a coloured style sheet, so the indicator follows the palette.
    const QStyle::StandardPixmap icon = state == ConnectionState::Connected ? QStyle::SP_DialogApplyButton
        : state == ConnectionState::Stopped || state == ConnectionState::Connecting || state == ConnectionState::TopicMissing
            ? QStyle::SP_MessageBoxInformation
            : QStyle::SP_MessageBoxWarning;
    m_dot->setPixmap(style()->standardIcon(icon).pixmap(14, 14));
    m_since.start();
    // The state is entered once the broker has been silent for BrokerSilenceLimitMs.
    if (state == ConnectionState::BrokerNotResponding)
        m_ticker->start();
    else
        m_ticker->stop();
    updateText();
    // Plain words and what to do first; the client's own text (English, technical) only as a detail.
    setToolTip(detail.isEmpty() ? explain(state) : tr("%1\nDetail: %2").arg(explain(state), detail));
    setAccessibleDescription(toolTip());
}

void ConnectionIndicator::updateText()
{
    if (m_state == ConnectionState::BrokerNotResponding) {
        const qint64 seconds = (BrokerSilenceLimitMs + m_since.elapsed()) / 1000;
        m_text->setText(tr("Broker not responding (no answer for %1 s)").arg(seconds));
    } else {
        m_text->setText(describe(m_state));
    }
}

QString ConnectionIndicator::text() const
{
    return m_text->text();
}

} // namespace ns
