#include "Profile.h"

#include <QSettings>

namespace ns {

bool Profile::isAdministrator()
{
    return QSettings().value(QStringLiteral("profile/administrator"), false).toBool();
}

QString Profile::senderName(const QString &userUuid)
{
    const QString name = QSettings().value(QStringLiteral("profile/name")).toString().trimmed();
    if (!name.isEmpty())
        return name.left(255); // created_by is CharField(max_length=255) in the seed's model.
    return userUuid.isEmpty() ? QStringLiteral("System Account") : userUuid;
}

} // namespace ns
