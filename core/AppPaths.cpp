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

QString AppPaths::logFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("logs/ns-inbox.log"));
}

} // namespace ns
