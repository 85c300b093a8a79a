#pragma once

#include <QMetaType>
#include <QString>

namespace ns {

/// Where the ingest worker stands with the broker and the local store; shown in the status bar.
enum class ConnectionState {
    Stopped,
    Connecting,
    Connected,
    BrokerUnreachable, ///< No connection to any broker (it is down, or the network is): retrying.
    /// Connected, but a broker has left a request unanswered for BrokerSilenceLimitMs or longer
    /// (frozen, overloaded, a network that drops packets): waiting for its answer.
    BrokerNotResponding,
    AuthenticationFailed,
    TlsFailed,    ///< The TLS handshake failed (certificate not trusted, wrong host name, not a TLS port).
    NotAuthorized,
    TopicMissing, ///< The user's topic does not exist yet: waiting for the first message, not an error.
    StorageError, ///< The local database refused a write; ingestion is paused and retried.
};

/// How long a broker may leave a request of ours unanswered before the state says it is not
/// responding. A fetch waits on the broker for at most fetch.wait.max.ms (500 ms), a metadata or
/// produce request takes milliseconds on a healthy cluster: 5 s of silence is no hiccup, and short
/// enough that the status bar never claims "connected" to a broker that stopped answering long ago.
constexpr qint64 BrokerSilenceLimitMs = 5000;

/// A short English name for logs, e.g. "broker unreachable".
QString connectionStateName(ConnectionState state);
/// The same in the user's language, for the window.
QString connectionStateText(ConnectionState state);

} // namespace ns

Q_DECLARE_METATYPE(ns::ConnectionState)
