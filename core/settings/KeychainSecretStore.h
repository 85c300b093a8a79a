#pragma once

#include "SecretStore.h"

namespace ns {

/// SecretStore over QtKeychain: the Secret Service (GNOME Keyring, KeePassXC, ...) or KWallet.
///
/// Without a keychain service (no D-Bus session, as in CI) every operation ends with Unavailable; the
/// insecure plain-text fallback QtKeychain offers stays off, so the password never reaches a file.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    /// `service` groups our entries in the keychain (the application name).
    explicit KeychainSecretStore(QString service = QStringLiteral("ns-inbox"), QObject *parent = nullptr);

    QString description() const override;
    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;

private:
    QString m_service;
};

} // namespace ns
