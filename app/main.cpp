// ns-inbox: wires core to ui. Kept thin on purpose; the logic lives in the libraries.
#include "AppPaths.h"
#include "CommandLine.h"
#include "Database.h"
#include "DemoCluster.h"
#include "Diagnostics.h"
#include "HeadlessIngest.h"
#include "IngestService.h"
#include "LogFile.h"
#include "LogRouter.h"
#include "Logging.h"
#include "MainWindow.h"
#include "MessageStore.h"
#include "SingleInstance.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>

#include <memory>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NS_INBOX_VERSION));
}

// --- Desktop integration (issue 8): log file, icon, diagnostics ---

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

/// What "Copy Diagnostics" reports besides the live parts (connection state, settings, recent problems).
ns::Diagnostics startingDiagnostics(const ns::LaunchRequest &request, const QString &databasePath, const QSqlDatabase &db)
{
    ns::Diagnostics diagnostics;
    diagnostics.setConnection(request.settings);
    diagnostics.setSqliteVersion(ns::Diagnostics::sqliteVersion(db));
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

/// False when this launch must end: the profile's owner was asked to come to the front instead.
bool claimProfile(ns::SingleInstance &instance, int *exitCode)
{
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

int runIngest(const ns::LaunchRequest &request)
{
    ns::HeadlessIngestOptions options;
    options.settings = request.settings;
    options.databasePath = request.databasePath.isEmpty() ? ns::AppPaths::databaseFor(request.settings.userUuid)
                                                          : request.databasePath;
    options.exitWhenCaughtUp = request.exitWhenCaughtUp;
    options.timeoutSeconds = request.timeoutSeconds;
    return ns::runHeadlessIngest(options);
}

int runWindow(ns::LaunchRequest request)
{
    const QString databasePath = profileDatabase(request);
    // Before anything touches the profile: a second launch must not start a second ingester on it.
    ns::SingleInstance instance(databasePath);
    if (int exitCode = 0; !claimProfile(instance, &exitCode))
        return exitCode;

    std::unique_ptr<ns::DemoCluster> demo;
    if (request.demo) {
        demo = std::make_unique<ns::DemoCluster>();
        QString error;
        if (!demo->isValid() || !demo->seed(&error)) {
            QMessageBox::critical(nullptr, QObject::tr("NS Inbox"),
                                  QObject::tr("The demo broker could not start: %1").arg(demo->isValid() ? error : demo->errorString()));
            return 1;
        }
        request.settings.bootstrapServers = demo->bootstrapServers();
        request.settings.userUuid = ns::DemoCluster::demoUserUuid();
        request.settings.securityProtocol = QStringLiteral("PLAINTEXT");
    }
    if (request.demo && request.databasePath.isEmpty()) {
        // The mock cluster is new on every start, so its inbox is too: stale offsets would not match.
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(databasePath + suffix);
    }

    ns::StoreError error;
    const QString connection = ns::Database::uniqueConnectionName(QStringLiteral("ui"));
    QSqlDatabase db = ns::Database::open(databasePath, connection, &error);
    if (!db.isValid()) {
        QMessageBox::critical(nullptr, QObject::tr("NS Inbox"), QObject::tr("The inbox database could not be opened:\n%1").arg(error.text));
        return 1;
    }
    int status = 0;
    {
        ns::MessageStore store(db);
        ns::Diagnostics diagnostics = startingDiagnostics(request, databasePath, db);
        ns::MainWindow window(&store, request.demo ? QObject::tr("demo") : request.settings.userUuid);
        ns::IngestService ingest(request.settings, databasePath, ns::IngestService::rdKafkaFactory(request.settings));
        QObject::connect(&ingest, &ns::IngestService::batchStored, &window, &ns::MainWindow::onMessagesStored);
        QObject::connect(&ingest, &ns::IngestService::stateChanged, &window, &ns::MainWindow::onConnectionStateChanged);
        QObject::connect(&instance, &ns::SingleInstance::activationRequested, &window, &ns::MainWindow::bringToFront);
        QObject::connect(&ingest, &ns::IngestService::stateChanged, &window,
                         [&diagnostics](ns::ConnectionState state, const QString &detail) { diagnostics.setConnectionState(state, detail); });
        window.setDiagnosticsSource([&diagnostics] {
            diagnostics.setSettings(ns::Diagnostics::readSettings(QSettings()));
            diagnostics.setRecentProblems(ns::LogRouter::recentProblems());
            return diagnostics.text();
        });
        ns::TrayIcon::presentAtLaunch(&window, request.minimized);
        ingest.start();
        status = QApplication::exec();
        ingest.stop();
    }
    db = {};
    ns::Database::close(connection);
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    // Decide the kind of application before creating it: `ingest` must run without a display.
    const bool headless = argc > 1 && qstrcmp(argv[1], "ingest") == 0;
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    setApplicationIdentity();
    installLogging();
    ns::Translations::install(QLocale::system());
    const ns::LaunchRequest request = ns::parseCommandLine(QCoreApplication::arguments());
    switch (request.mode) {
    case ns::LaunchRequest::Mode::Exit: return request.exitCode;
    case ns::LaunchRequest::Mode::Ingest: return runIngest(request);
    case ns::LaunchRequest::Mode::Window:
        QGuiApplication::setDesktopFileName(QStringLiteral(NS_INBOX_APP_ID));
        QApplication::setWindowIcon(applicationIcon());
        return runWindow(request);
    }
    return 0;
}
