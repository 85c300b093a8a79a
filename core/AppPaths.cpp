#include "AppPaths.h"

#include <QDir>
#include <QStandardPaths>

namespace ns {

QString AppPaths::databaseFor(const QString &userUuid, bool demo)
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (demo)
        dir += QStringLiteral("/demo");
    return QDir(dir).filePath(userUuid + QStringLiteral(".sqlite"));
}

} // namespace ns
