#include "KeychainSecretStore.h"

#include "Logging.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>

#include <functional>

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

const QString SecretsService = QStringLiteral("org.freedesktop.secrets");

// Calls `call` on the session bus without waiting for it: `then` gets the reply in `context`'s thread
// when it comes (or its error, after D-Bus's own timeout), never blocking the UI thread meanwhile.
void callThen(const QDBusMessage &call, QObject *context, std::function<void(const QDBusMessage &)> then)
{
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, 5000), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context, [then = std::move(then)](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        then(w->reply());
    });
}

// Whether the Secret Service's default collection (where QtKeychain's libsecret backend stores) is
// locked, told to `done` in `context`. A locked keyring cannot be searched without the desktop's unlock
// prompt, so libsecret then reports "not found": without this check the user would be told nothing is
// stored. Three asynchronous calls in a row (is the service there, which collection is the default,
// is it locked), so a keyring that hangs costs the UI thread nothing.
void checkDefaultKeyringLocked(QObject *context, std::function<void(bool)> done)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        done(false);
        return;
    }
    QDBusMessage hasOwner = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                                                           QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
    hasOwner << SecretsService;
    callThen(hasOwner, context, [context, done](const QDBusMessage &owned) {
        if (owned.type() != QDBusMessage::ReplyMessage || owned.arguments().value(0).toBool() == false) {
            done(false);
            return;
        }
        QDBusMessage alias = QDBusMessage::createMethodCall(SecretsService, QStringLiteral("/org/freedesktop/secrets"),
                                                            QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("ReadAlias"));
        alias << QStringLiteral("default");
        callThen(alias, context, [context, done](const QDBusMessage &collection) {
            const QString path = collection.type() == QDBusMessage::ReplyMessage
                ? qvariant_cast<QDBusObjectPath>(collection.arguments().value(0)).path()
                : QString();
            if (path.isEmpty() || path == QLatin1String("/")) {
                done(false);
                return;
            }
            QDBusMessage get = QDBusMessage::createMethodCall(SecretsService, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                              QStringLiteral("Get"));
            get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
            callThen(get, context, [done](const QDBusMessage &locked) {
                done(locked.type() == QDBusMessage::ReplyMessage
                     && qvariant_cast<QDBusVariant>(locked.arguments().value(0)).variant().toBool());
            });
        });
    });
}

// Runs a job and hands its outcome to `done` in `context`; the job deletes itself.
void run(QKeychain::Job *job, const QString &key, QObject *context, SecretStore::Callback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [context, done = std::move(done)](QKeychain::Job *j) {
        SecretStore::Result r;
        r.status = statusFor(j->error());
        if (r.status == SecretStore::Status::Ok) {
            if (auto *readJob = qobject_cast<QKeychain::ReadPasswordJob *>(j))
                r.secret = readJob->textData();
            done(r);
            return;
        }
        r.error = j->errorString();
        if (r.status != SecretStore::Status::NotFound || !qobject_cast<QKeychain::ReadPasswordJob *>(j)) {
            qCInfo(lcSecrets).noquote() << "keychain:" << r.error;
            done(r);
            return;
        }
        // Not found, or hidden behind a locked keyring: asked without blocking, then told.
        checkDefaultKeyringLocked(context, [r, done](bool locked) mutable {
            if (locked) {
                r.status = SecretStore::Status::Denied;
                r.error = KeychainSecretStore::tr("the keyring is locked");
                qCInfo(lcSecrets).noquote() << "keychain: nothing readable, the default keyring is locked";
            } else {
                qCInfo(lcSecrets).noquote() << "keychain:" << r.error;
            }
            done(r);
        });
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
