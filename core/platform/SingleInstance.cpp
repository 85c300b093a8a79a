#include "SingleInstance.h"

#include "ActivationToken.h"
#include "Logging.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

namespace ns {
namespace {

const QByteArray ActivateRequest = QByteArrayLiteral("activate\n");
const QByteArray TokenPrefix = QByteArrayLiteral("activate token=");
const QByteArray ActivateReply = QByteArrayLiteral("ok\n");

QByteArray requestWith(const QString &token)
{
    return ActivationToken::isWellFormed(token) ? TokenPrefix + token.toLatin1() + '\n' : ActivateRequest;
}

QString socketPathFor(const QString &canonicalPath)
{
    // The per-user runtime folder (0700), so no other user can connect or squat the name; short enough
    // for a Unix socket path (108 bytes) whatever the database path is.
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    const QByteArray hash = QCryptographicHash::hash(canonicalPath.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
    return QDir(dir).filePath(QStringLiteral("ns-inbox-") + QString::fromLatin1(hash));
}

} // namespace

QString SingleInstance::canonicalDatabasePath(const QString &databasePath)
{
    const QFileInfo info(databasePath);
    const QString dir = info.absolutePath();
    QDir().mkpath(dir);
    const QString canonicalDir = QFileInfo(dir).canonicalFilePath();
    return QDir(canonicalDir.isEmpty() ? dir : canonicalDir).filePath(info.fileName());
}

SingleInstance::SingleInstance(const QString &databasePath, QObject *parent)
    : QObject(parent), m_databasePath(canonicalDatabasePath(databasePath)), m_lockPath(m_databasePath + QStringLiteral(".lock")),
      m_serverName(socketPathFor(m_databasePath)), m_lock(m_lockPath)
{
    // Never stale by age: the app runs for weeks. Stale only when its process is gone.
    m_lock.setStaleLockTime(0);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
}

SingleInstance::~SingleInstance()
{
    m_server.close();
    if (m_lock.isLocked())
        m_lock.unlock();
}

SingleInstance::Role SingleInstance::claim(int timeoutMs)
{
    if (m_lock.tryLock(0)) {
        listen();
        return Role::Primary;
    }
    if (m_lock.error() != QLockFile::LockFailedError) {
        m_error = tr("cannot write the lock file %1").arg(m_lockPath);
        return Role::Failed;
    }
    QString hostname, application;
    m_lock.getLockInfo(&m_ownerPid, &hostname, &application);
    return handOver(timeoutMs);
}

void SingleInstance::listen()
{
    // We hold the lock, so a socket file left here belongs to a crashed owner.
    QLocalServer::removeServer(m_serverName);
    if (m_server.listen(m_serverName)) {
        qCInfo(lcApp).noquote() << "this instance owns" << m_databasePath << "and listens on" << m_serverName;
    } else {
        // Still the owner: only a later launch's request to come to the front will go unanswered.
        qCWarning(lcApp).noquote() << "cannot listen on" << m_serverName << ":" << m_server.errorString();
    }
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { answer(socket); });
    }
}

void SingleInstance::answer(QLocalSocket *socket)
{
    if (!socket->canReadLine())
        return;
    const QByteArray request = socket->readLine(512);
    QString token;
    if (request.startsWith(TokenPrefix) && request.endsWith('\n'))
        token = QString::fromLatin1(request.mid(TokenPrefix.size()).chopped(1));
    if (request != ActivateRequest && !ActivationToken::isWellFormed(token)) {
        qCWarning(lcApp) << "ignored an unknown request from another launch:" << request.left(64).trimmed();
        socket->disconnectFromServer();
        return;
    }
    socket->write(ActivateReply);
    socket->flush();
    socket->disconnectFromServer();
    qCInfo(lcApp).noquote() << "another launch on this profile asked for the window"
                            << (token.isEmpty() ? "(no activation token)" : "with an activation token");
    ActivationToken::activateWith(token, [this, &token] { Q_EMIT activationRequested(token); });
}

SingleInstance::Role SingleInstance::handOver(int timeoutMs)
{
    // The owner may have taken the lock a moment ago and not be listening yet: retry until the deadline.
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray request = requestWith(m_activationToken);
    while (true) {
        QLocalSocket socket;
        socket.connectToServer(m_serverName);
        if (socket.waitForConnected(static_cast<int>(std::max<qint64>(deadline.remainingTime(), 0)))) {
            socket.write(request);
            socket.waitForBytesWritten(static_cast<int>(std::max<qint64>(deadline.remainingTime(), 0)));
            while (!socket.canReadLine() && socket.waitForReadyRead(static_cast<int>(std::max<qint64>(deadline.remainingTime(), 0)))) {
            }
            if (socket.canReadLine() && socket.readLine(256) == ActivateReply) {
                qCInfo(lcApp) << "NS Inbox already runs on this profile (process" << m_ownerPid << "); it was asked to come to the front";
                return Role::Secondary;
            }
            m_error = tr("NS Inbox already runs on this profile (process %1) but did not answer.").arg(m_ownerPid);
            if (request != ActivateRequest && socket.state() == QLocalSocket::UnconnectedState) {
                // An owner from before activation tokens hangs up on the request it does not know.
                qCInfo(lcApp) << "the running instance took no activation token; asking it without one";
                request = ActivateRequest;
                continue;
            }
        } else {
            m_error = tr("NS Inbox already runs on this profile (process %1) but cannot be reached: %2")
                          .arg(m_ownerPid)
                          .arg(socket.errorString());
        }
        if (deadline.hasExpired())
            return Role::Unreachable;
        QThread::msleep(50);
    }
}

} // namespace ns
