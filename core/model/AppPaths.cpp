#include "AppPaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace ns {

QString AppPaths::databaseFor(const QString &userUuid, bool demo)
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (demo)
        dir += QStringLiteral("/demo");
    return QDir(dir).filePath(userUuid + QStringLiteral(".sqlite"));
}

bool AppPaths::makePrivateDirectory(const QString &dir)
{
    if (!QDir().mkpath(dir))
        return false;
    return QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

bool AppPaths::makePrivateFile(const QString &file)
{
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (QFileInfo::exists(file))
        return QFile::setPermissions(file, ownerOnly);
    QFile f(file);
    // QFile::open with permissions creates the file with them, so there is no window where it is readable by others.
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly))
        return QFileInfo::exists(file) && QFile::setPermissions(file, ownerOnly);
    return true;
}

QString AppPaths::logFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("logs/ns-inbox.log"));
}

} // namespace ns
