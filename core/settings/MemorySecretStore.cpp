#include "MemorySecretStore.h"

#include <QTimer>

namespace ns {

QString MemorySecretStore::description() const
{
    return tr("memory");
}

void MemorySecretStore::finish(QObject *context, Callback done, Result result)
{
    // Always later, like a real keychain: callers must not depend on a synchronous answer.
    QTimer::singleShot(0, context, [done = std::move(done), result = std::move(result)] { done(result); });
}

void MemorySecretStore::read(const QString &key, QObject *context, Callback done)
{
    Result r;
    if (!m_available)
        r = {Status::Unavailable, {}, tr("no keychain service (simulated)")};
    else if (!m_secrets.contains(key))
        r = {Status::NotFound, {}, tr("no entry for %1").arg(key)};
    else
        r = {Status::Ok, m_secrets.value(key), {}};
    finish(context, std::move(done), std::move(r));
}

void MemorySecretStore::write(const QString &key, const QString &secret, QObject *context, Callback done)
{
    if (!m_available) {
        finish(context, std::move(done), {Status::Unavailable, {}, tr("no keychain service (simulated)")});
        return;
    }
    m_secrets.insert(key, secret);
    finish(context, std::move(done), {Status::Ok, {}, {}});
}

void MemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    if (!m_available) {
        finish(context, std::move(done), {Status::Unavailable, {}, tr("no keychain service (simulated)")});
        return;
    }
    m_secrets.remove(key);
    finish(context, std::move(done), {Status::Ok, {}, {}});
}

} // namespace ns
