#include "KeychainSecretStore.h"

#include "Logging.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>

#include <qt6keychain/keychain.h>

namespace ns {
namespace {

SecretStore::Status statusFor(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError: return SecretStore::Status::Ok;
    case QKeychain::EntryNotFound: return SecretStore::Status::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return SecretStore::Status::Denied;
    // QtKeychain reports a missing service as NoBackendAvailable, or as OtherError ("Unknown error") when
    // it fell back to a keyring library that is not installed: for the user both mean "no keychain".
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError: return SecretStore::Status::Unavailable;
    }
    return SecretStore::Status::Unavailable;
}

// Whether the Secret Service's default collection (where QtKeychain's libsecret backend stores) is
// locked. A locked keyring cannot be searched without the desktop's unlock prompt, so libsecret then
// reports "not found": without this check the user would be told nothing is stored.
bool defaultKeyringLocked()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    const QString service = QStringLiteral("org.freedesktop.secrets");
    if (!bus.isConnected() || !bus.interface() || !bus.interface()->isServiceRegistered(service))
        return false;
    QDBusMessage alias = QDBusMessage::createMethodCall(service, QStringLiteral("/org/freedesktop/secrets"),
                                                        QStringLiteral("org.freedesktop.Secret.Service"),
                                                        QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusReply<QDBusObjectPath> collection = bus.call(alias, QDBus::Block, 5000);
    if (!collection.isValid() || collection.value().path() == QLatin1String("/"))
        return false;
    QDBusMessage get = QDBusMessage::createMethodCall(service, collection.value().path(),
                                                      QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusReply<QDBusVariant> locked = bus.call(get, QDBus::Block, 5000);
    return locked.isValid() && locked.value().variant().toBool();
}

// Runs a job and hands its outcome to `done` in `context`; the job deletes itself.
void run(QKeychain::Job *job, const QString &key, QObject *context, SecretStore::Callback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        SecretStore::Result r;
        r.status = statusFor(j->error());
        if (r.status == SecretStore::Status::NotFound && qobject_cast<QKeychain::ReadPasswordJob *>(j) && defaultKeyringLocked()) {
            r.status = SecretStore::Status::Denied;
            r.error = KeychainSecretStore::tr("the keyring is locked");
            qCInfo(lcSecrets).noquote() << "keychain: nothing readable, the default keyring is locked";
            done(r);
            return;
        }
        if (r.status == SecretStore::Status::Ok) {
            if (auto *readJob = qobject_cast<QKeychain::ReadPasswordJob *>(j))
                r.secret = readJob->textData();
        } else {
            r.error = j->errorString();
            qCInfo(lcSecrets).noquote() << "keychain:" << j->errorString();
        }
        done(r);
    });
    job->start();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent), m_service(std::move(service))
{
}

QString KeychainSecretStore::description() const
{
    return tr("the system keychain");
}

void KeychainSecretStore::read(const QString &key, QObject *context, Callback done)
{
    run(new QKeychain::ReadPasswordJob(m_service, this), key, context, std::move(done));
}

void KeychainSecretStore::write(const QString &key, const QString &secret, QObject *context, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setTextData(secret);
    run(job, key, context, std::move(done));
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    run(new QKeychain::DeletePasswordJob(m_service, this), key, context, std::move(done));
}

} // namespace ns
