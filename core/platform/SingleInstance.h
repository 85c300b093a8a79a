#pragma once

#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <QString>

class QLocalSocket;

namespace ns {

/// One window per profile. The first launch on a database holds a lock file beside it and listens on a
/// local socket named after the database; a later launch finds the lock held, asks the holder to come to
/// the front through the socket, and leaves, so two ingesters never share a database.
///
/// The request is one line, `activate` or `activate token=T`: T is the later launch's xdg-activation
/// token (ActivationToken), which the owner uses to come to the front under Wayland's focus rules. An
/// owner from before tokens refuses the second form; the later launch then asks again without it.
///
/// A crash leaves both files behind: the lock counts as stale once its process is gone (QLockFile checks
/// the PID), and the new holder removes the dead socket before listening.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    enum class Role {
        Primary,     ///< This process owns the profile (and listens for activation, if it could).
        Secondary,   ///< Another process owns it and acknowledged the activation request.
        Unreachable, ///< Another process owns it but did not answer in time.
        Failed,      ///< The lock file could not be written (see errorString()).
    };
    Q_ENUM(Role)

    explicit SingleInstance(const QString &databasePath, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// The token handed to the owner with the request (this launch's own, ActivationToken::fromEnvironment()).
    void setActivationToken(const QString &token) { m_activationToken = token; }

    /// Takes the profile or hands over to its owner, waiting up to `timeoutMs` for the owner's answer.
    /// Blocks: call it before the event loop runs.
    Role claim(int timeoutMs = 5000);

    QString errorString() const { return m_error; }
    /// The process id of the owner when claim() did not return Primary, else 0.
    qint64 ownerPid() const { return m_ownerPid; }
    QString lockFilePath() const { return m_lockPath; }
    /// Full path of the local socket: in the per-user runtime folder, named by a hash of the database path.
    QString serverName() const { return m_serverName; }

    /// The database path as a stable key: absolute, with the folder's symbolic links resolved.
    static QString canonicalDatabasePath(const QString &databasePath);

Q_SIGNALS:
    /// Another launch on this profile asked for the window (emitted in the primary only). The launch's
    /// token, if it had one, is in place for the activations made while this signal is handled
    /// (ActivationToken::activateWith), so a receiver that raises the window needs nothing else.
    void activationRequested(const QString &token);

private:
    void listen();
    void onNewConnection();
    Role handOver(int timeoutMs);
    void answer(QLocalSocket *socket);

    QString m_databasePath; ///< Canonical: the profile's key.
    QString m_lockPath;
    QString m_serverName;
    QLockFile m_lock;
    QLocalServer m_server;
    QString m_error;
    QString m_activationToken;
    qint64 m_ownerPid = 0;
};

} // namespace ns
