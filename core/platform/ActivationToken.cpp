#include "ActivationToken.h"

#include "Logging.h"

#include <algorithm>

namespace ns {

QString ActivationToken::fromEnvironment()
{
    const QString token = qEnvironmentVariable(EnvironmentVariable);
    return isWellFormed(token) ? token : QString();
}

bool ActivationToken::isWellFormed(const QString &token)
{
    return !token.isEmpty() && token.size() <= 256
        && std::all_of(token.cbegin(), token.cend(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

void ActivationToken::activateWith(const QString &token, const std::function<void()> &activate)
{
    if (!isWellFormed(token)) {
        if (!token.isEmpty())
            qCWarning(lcApp) << "ignored a malformed activation token";
        activate();
        return;
    }
    qputenv(EnvironmentVariable, token.toLatin1());
    activate();
    const bool used = !qEnvironmentVariableIsSet(EnvironmentVariable);
    qunsetenv(EnvironmentVariable);
    qCInfo(lcApp).noquote() << "window activation with the token handed to us:" << (used ? "used" : "not used by this platform");
}

} // namespace ns
