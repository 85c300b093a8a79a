#include "PasswordResolver.h"

#include <QTimer>

namespace ns {

PasswordResolver::PasswordResolver(SecretStore *store, QObject *parent)
    : QObject(parent), m_store(store)
{
}

void PasswordResolver::resolve(const QString &key)
{
    m_key = key;
    const QString fromEnvironment = qEnvironmentVariable(EnvironmentVariable);
    if (!fromEnvironment.isEmpty()) {
        QTimer::singleShot(0, this, [this, fromEnvironment] { Q_EMIT resolved(fromEnvironment, Source::Environment); });
        return;
    }
    if (!m_store) {
        QTimer::singleShot(0, this, [this] { Q_EMIT passwordNeeded(false, noKeychainNotice()); });
        return;
    }
    m_store->read(key, this, [this](const SecretStore::Result &r) {
        m_keychainAvailable = r.status == SecretStore::Status::Ok || r.status == SecretStore::Status::NotFound;
        switch (r.status) {
        case SecretStore::Status::Ok:
            Q_EMIT resolved(r.secret, Source::Keychain);
            return;
        case SecretStore::Status::NotFound:
            Q_EMIT passwordNeeded(true, tr("No password is stored in %1 for this account yet.").arg(m_store->description()));
            return;
        case SecretStore::Status::Denied:
            Q_EMIT passwordNeeded(false, tr("The system keychain refused access (%1).").arg(r.error));
            return;
        case SecretStore::Status::Unavailable:
            Q_EMIT passwordNeeded(false, noKeychainNotice());
            return;
        }
    });
}

void PasswordResolver::provide(const QString &password, bool remember)
{
    Q_EMIT resolved(password, Source::Prompt);
    if (!remember || !m_store)
        return;
    m_store->write(m_key, password, this, [this](const SecretStore::Result &r) {
        if (r.status != SecretStore::Status::Ok)
            Q_EMIT notRemembered(r.status == SecretStore::Status::Unavailable ? noKeychainNotice() : r.error);
    });
}

QString PasswordResolver::noKeychainNotice()
{
    return tr("No system keychain is available (no Secret Service or KWallet on the session bus), so NS Inbox does "
              "not store your password: it asks for it once per session. For unattended use, set %1.")
        .arg(QLatin1String(EnvironmentVariable));
}

QString PasswordResolver::describe(Source source)
{
    switch (source) {
    case Source::Environment: return tr("password from %1").arg(QLatin1String(EnvironmentVariable));
    case Source::Keychain: return tr("password from the system keychain");
    case Source::Prompt: return tr("password for this session only");
    }
    return {};
}

} // namespace ns
