#include "ConnectionState.h"

#include <QCoreApplication>

namespace ns {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Stopped: return QStringLiteral("stopped");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Connected: return QStringLiteral("connected");
    case ConnectionState::BrokerUnreachable: return QStringLiteral("broker unreachable");
    case ConnectionState::BrokerNotResponding: return QStringLiteral("broker not responding");
    case ConnectionState::AuthenticationFailed: return QStringLiteral("authentication failed");
    case ConnectionState::TlsFailed: return QStringLiteral("TLS handshake failed");
    case ConnectionState::NotAuthorized: return QStringLiteral("not authorized");
    case ConnectionState::TopicMissing: return QStringLiteral("topic does not exist yet");
    case ConnectionState::StorageError: return QStringLiteral("storage error");
    }
    return QStringLiteral("unknown");
}

QString connectionStateText(ConnectionState state)
{
    // QT_TRANSLATE_NOOP marks the text for lupdate; translate() looks it up at run time.
    const auto translated = [](const char *text) { return QCoreApplication::translate("ns::ConnectionState", text); };
    switch (state) {
    case ConnectionState::Stopped: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "stopped"));
    case ConnectionState::Connecting: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "connecting"));
    case ConnectionState::Connected: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "connected"));
    case ConnectionState::BrokerUnreachable: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "broker unreachable"));
    case ConnectionState::BrokerNotResponding: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "broker not responding"));
    case ConnectionState::AuthenticationFailed: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "authentication failed"));
    case ConnectionState::TlsFailed: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "TLS handshake failed"));
    case ConnectionState::NotAuthorized: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "not authorized"));
    case ConnectionState::TopicMissing: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "topic does not exist yet"));
    case ConnectionState::StorageError: return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "storage error"));
    }
    return translated(QT_TRANSLATE_NOOP("ns::ConnectionState", "unknown"));
}

} // namespace ns
