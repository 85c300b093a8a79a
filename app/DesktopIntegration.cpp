#include "DesktopIntegration.h"

#include "ActivationToken.h"
#include "AppPaths.h"
#include "Autostart.h"
#include "DemoCluster.h"
#include "LogFile.h"
#include "LogRouter.h"
#include "Logging.h"
#include "SingleInstance.h"
#include "Database.h"
#include "RdKafkaSource.h"

#include <QGuiApplication>
#include <QLocale>
#include <QMessageBox>

namespace app {

void installLogging()
{
    auto file = std::make_unique<ns::LogFile>(ns::AppPaths::logFile());
    QString error;
    const bool opened = file->open(&error);
    ns::LogRouter::install(opened ? std::move(file) : nullptr);
    if (!opened)
        qCWarning(lcApp).noquote() << "no log file:" << error;
}

QIcon applicationIcon()
{
    // PNGs rendered from the SVG at build time: Qt draws SVG icons only with the optional qt6-svg plugin.
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/ns-inbox/icons/ns-inbox-%1.png").arg(size), QSize(size, size));
    return icon;
}

ns::Diagnostics startingDiagnostics(const ns::LaunchRequest &request, const QString &databasePath, const QSqlDatabase &db)
{
    ns::Diagnostics diagnostics;
    diagnostics.setConnection(request.settings);
    diagnostics.setSqliteVersion(ns::Database::sqliteVersion(db));
    diagnostics.setKafkaClientVersion(ns::RdKafkaSource::clientVersion());
    diagnostics.addDetail(QStringLiteral("Profile"), request.demo ? QStringLiteral("demo broker") : request.settings.userUuid);
    diagnostics.addDetail(QStringLiteral("Database"), databasePath);
    diagnostics.addDetail(QStringLiteral("Log file"), ns::LogRouter::logFilePath());
    diagnostics.addDetail(QStringLiteral("Platform"), QGuiApplication::platformName());
    diagnostics.addDetail(QStringLiteral("Language"), QLocale::system().uiLanguages().join(QLatin1String(", ")));
    return diagnostics;
}

QString profileDatabase(const ns::LaunchRequest &request)
{
    if (!request.databasePath.isEmpty())
        return request.databasePath;
    return request.demo ? ns::AppPaths::databaseFor(ns::DemoCluster::demoUserUuid(), true)
                        : ns::AppPaths::databaseFor(request.settings.userUuid);
}

void migrateAutostartEntry()
{
    QString error;
    if (!ns::Autostart::migrateLegacyEntry(&error))
        qCWarning(lcApp).noquote() << "login start:" << error;
}

bool claimProfile(ns::SingleInstance &instance, int *exitCode)
{
    // A launcher's token goes to the running instance: its window may come to the front with it.
    instance.setActivationToken(ns::ActivationToken::fromEnvironment());
    switch (instance.claim()) {
    case ns::SingleInstance::Role::Primary:
        return true;
    case ns::SingleInstance::Role::Secondary:
        *exitCode = 0;
        return false;
    case ns::SingleInstance::Role::Unreachable:
        qCWarning(lcApp).noquote() << instance.errorString();
        QMessageBox::critical(nullptr, QObject::tr("NS Inbox"), instance.errorString());
        *exitCode = 1;
        return false;
    case ns::SingleInstance::Role::Failed:
        qCWarning(lcApp).noquote() << instance.errorString() << "- starting without the single-instance check";
        return true;
    }
    return true;
}

} // namespace app
