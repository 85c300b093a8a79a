#pragma once

#include "SecretStore.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace ns {

/// Finds the SASL password of a profile without blocking: $NS_INBOX_SASL_PASSWORD first (headless use),
/// else the secret store; when neither has it, asks the caller to prompt the user.
///
/// A password typed at the prompt is kept in memory for this session and, if the user asked and a
/// keychain works, stored there; without a keychain it is asked again on the next start, and the
/// app says so (noKeychainNotice()).
class PasswordResolver : public QObject
{
    Q_OBJECT

public:
    enum class Source { Environment, Keychain, Prompt };
    Q_ENUM(Source)

    static constexpr const char *EnvironmentVariable = "NS_INBOX_SASL_PASSWORD";

    explicit PasswordResolver(SecretStore *store, QObject *parent = nullptr);

    /// Starts resolving the password stored under `key`; resolved() or passwordNeeded() follows.
    void resolve(const QString &key);
    /// The user typed `password` at the prompt; `remember`: try to keep it in the secret store.
    void provide(const QString &password, bool remember);

    /// The sentence the app shows when no keychain service runs.
    static QString noKeychainNotice();
    /// Where a password from `source` came from, for the status bar.
    static QString describe(Source source);

Q_SIGNALS:
    void resolved(const QString &password, ns::PasswordResolver::Source source);
    /// Nothing stored: prompt the user. `keychainAvailable`: offer "remember"; `reason` says why it is asked.
    void passwordNeeded(bool keychainAvailable, const QString &reason);
    /// The password could not be stored (after provide(..., true)); it is kept for this session only.
    void notRemembered(const QString &reason);

private:
    QPointer<SecretStore> m_store;
    QString m_key;
    bool m_keychainAvailable = false;
};

} // namespace ns
