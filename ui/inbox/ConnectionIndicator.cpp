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
    setToolTip(detail.isEmpty() ? describe(state) : tr("%1: %2").arg(describe(state), detail));
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
