#include "KeychainSecretStore.h"

#include "Logging.h"

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

// Runs a job and hands its outcome to `done` in `context`; the job deletes itself.
void run(QKeychain::Job *job, const QString &key, QObject *context, SecretStore::Callback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        SecretStore::Result r;
        r.status = statusFor(j->error());
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
