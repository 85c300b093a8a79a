#pragma once

#include <QMetaType>
#include <QString>

namespace ns {

/// Where the ingest worker stands with the broker and the local store; shown in the status bar.
enum class ConnectionState {
    Stopped,
    Connecting,
    Connected,
    BrokerUnreachable,
    AuthenticationFailed,
    TlsFailed,    ///< The TLS handshake failed (certificate not trusted, wrong host name, not a TLS port).
    NotAuthorized,
    TopicMissing, ///< The user's topic does not exist yet: waiting for the first message, not an error.
    StorageError, ///< The local database refused a write; ingestion is paused and retried.
};

/// A short English name for logs, e.g. "broker unreachable".
QString connectionStateName(ConnectionState state);
/// The same in the user's language, for the window.
QString connectionStateText(ConnectionState state);

} // namespace ns

Q_DECLARE_METATYPE(ns::ConnectionState)
