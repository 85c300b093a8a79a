#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace ns {

/// Where passwords are kept: the system keychain in the app, memory in tests. Never a settings file.
///
/// Every operation is asynchronous (a keychain may ask the user to unlock it): the callback runs later
/// in the store's thread, and not at all once `context` is destroyed.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Status {
        Ok,
        NotFound,    ///< The store works but holds nothing under this key.
        Unavailable, ///< No keychain service (no D-Bus secret service, no KWallet): ask each session instead.
        Denied,      ///< The keychain refused (locked, or the user said no).
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Unavailable;
        QString secret; ///< For read().
        QString error;  ///< The backend's own words when status is not Ok.
    };
    using Callback = std::function<void(const Result &)>;

    using QObject::QObject;

    /// Where the secrets go, for messages, e.g. "the system keychain".
    virtual QString description() const = 0;

    virtual void read(const QString &key, QObject *context, Callback done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context, Callback done) = 0;
    virtual void remove(const QString &key, QObject *context, Callback done) = 0;
};

} // namespace ns
