#include "SenderIdentity.h"

#include <QSettings>

namespace ns {

QString SenderIdentity::createdBy(const QString &userUuid)
{
    const QString name = QSettings().value(QStringLiteral("profile/name")).toString().trimmed();
    if (!name.isEmpty())
        return name.left(255);
    return userUuid.isEmpty() ? QStringLiteral("System Account") : userUuid;
}

} // namespace ns
