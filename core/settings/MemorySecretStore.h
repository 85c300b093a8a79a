#pragma once

#include "SecretStore.h"

#include <QHash>

namespace ns {

/// A SecretStore in memory, for tests: can pretend that no keychain service runs.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    /// false: every operation fails with Unavailable, as the keychain does without a secret service.
    void setAvailable(bool available) { m_available = available; }
    QHash<QString, QString> contents() const { return m_secrets; }

    QString description() const override;
    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;

private:
    void finish(QObject *context, Callback done, Result result);

    QHash<QString, QString> m_secrets;
    bool m_available = true;
};

} // namespace ns
