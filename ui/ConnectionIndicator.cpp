#include "ConnectionIndicator.h"

#include <QHBoxLayout>
#include <QLabel>

namespace ns {

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent), m_dot(new QLabel(this)), m_text(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_dot);
    layout->addWidget(m_text);
    m_text->setTextFormat(Qt::PlainText);
    setAccessibleName(tr("Connection state"));
    setState(ConnectionState::Stopped, {});
}

QColor ConnectionIndicator::colorFor(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connected: return QColor(0x16, 0xa3, 0x4a);
    case ConnectionState::Connecting:
    case ConnectionState::TopicMissing: return QColor(0xd9, 0x77, 0x06);
    case ConnectionState::Stopped: return QColor(0x9c, 0xa3, 0xaf);
    case ConnectionState::BrokerUnreachable:
    case ConnectionState::AuthenticationFailed:
    case ConnectionState::TlsFailed:
    case ConnectionState::NotAuthorized:
    case ConnectionState::StorageError: break;
    }
    return QColor(0xdc, 0x26, 0x26);
}

QString ConnectionIndicator::describe(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Stopped: return tr("Offline");
    case ConnectionState::Connecting: return tr("Connecting…");
    case ConnectionState::Connected: return tr("Connected");
    case ConnectionState::BrokerUnreachable: return tr("Broker unreachable");
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
    m_state = state;
    m_dot->setText(QStringLiteral("\u25CF"));
    m_dot->setStyleSheet(QStringLiteral("color: %1;").arg(colorFor(state).name()));
    m_text->setText(describe(state));
    setToolTip(detail.isEmpty() ? describe(state) : tr("%1: %2").arg(describe(state), detail));
}

QString ConnectionIndicator::text() const
{
    return m_text->text();
}

} // namespace ns
