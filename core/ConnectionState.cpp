#include "ConnectionState.h"

namespace ns {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Stopped: return QStringLiteral("stopped");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Connected: return QStringLiteral("connected");
    case ConnectionState::BrokerUnreachable: return QStringLiteral("broker unreachable");
    case ConnectionState::AuthenticationFailed: return QStringLiteral("authentication failed");
    case ConnectionState::TlsFailed: return QStringLiteral("TLS handshake failed");
    case ConnectionState::NotAuthorized: return QStringLiteral("not authorized");
    case ConnectionState::TopicMissing: return QStringLiteral("topic does not exist yet");
    case ConnectionState::StorageError: return QStringLiteral("storage error");
    }
    return QStringLiteral("unknown");
}

} // namespace ns
