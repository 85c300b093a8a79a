// ns-inbox: wires core to ui. Kept thin on purpose; the logic lives in the libraries.
#include "AppPaths.h"
#include "CommandLine.h"
#include "Database.h"
#include "DemoCluster.h"
#include "Diagnostics.h"
#include "HeadlessIngest.h"
#include "IngestService.h"
#include "KeychainSecretStore.h"
#include "LogFile.h"
#include "LogRouter.h"
#include "Logging.h"
#include "MainWindow.h"
#include "MessageStore.h"
#include "PasswordPrompt.h"
#include "PasswordResolver.h"
#include "ProfileSettings.h"
#include "SettingsDialog.h"
#include "SingleInstance.h"
#include "Translations.h"
#include "TrayIcon.h"
#include "WelcomePage.h"

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTextStream>

#include <memory>

namespace {

// runWindow() returns this when the settings changed: main() starts a new session with them.
constexpr int RestartSession = 0x4e53;

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NS_INBOX_VERSION));
}

// --- Desktop integration (issue 8): log file, icon, diagnostics, one window per profile ---

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

/// What "Copy Diagnostics" reports besides the live parts (connection, its state, settings, recent problems).
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

// Headless: the environment variable, else the keychain (waiting is fine: there is no window to freeze).
bool resolveHeadlessPassword(ns::ConsumerSettings &settings)
{
    if (!ns::ProfileSettings::usesSasl(settings.securityProtocol) || !settings.saslPassword.isEmpty())
        return true;
    ns::ProfileSettings profile;
    profile.connection = settings;
    ns::KeychainSecretStore keychain;
    ns::PasswordResolver resolver(&keychain);
    QEventLoop loop;
    bool found = false;
    QObject::connect(&resolver, &ns::PasswordResolver::resolved, &loop, [&](const QString &password) {
        settings.saslPassword = password;
        found = true;
        loop.quit();
    });
    QObject::connect(&resolver, &ns::PasswordResolver::passwordNeeded, &loop, [&](bool, const QString &reason) {
        QTextStream(stderr) << "ns-inbox: no password for " << settings.saslUsername << ": " << reason << Qt::endl;
        loop.quit();
    });
    resolver.resolve(profile.secretKey());
    loop.exec();
    return found;
}

int runIngest(ns::LaunchRequest request)
{
    if (!resolveHeadlessPassword(request.settings))
        return 2;
    ns::HeadlessIngestOptions options;
    options.settings = request.settings;
    options.databasePath = request.databasePath.isEmpty() ? ns::AppPaths::databaseFor(request.settings.userUuid)
                                                          : request.databasePath;
    options.exitWhenCaughtUp = request.exitWhenCaughtUp;
    options.timeoutSeconds = request.timeoutSeconds;
    return ns::runHeadlessIngest(options);
}

// First run: the welcome page until the user picks the demo or saves settings; false if they closed it.
bool runFirstRun(ns::LaunchRequest &request, ns::SecretStore *secrets)
{
    QSettings settings;
    for (;;) {
        const ns::ProfileSettings preset = ns::ProfileSettings::load(settings);
        ns::WelcomePage welcome(preset.connection.bootstrapServers);
        if (welcome.exec() != QDialog::Accepted)
            return false;
        if (welcome.choice() == ns::WelcomePage::Choice::Demo) {
            request.demo = true;
            return true;
        }
        ns::SettingsDialog dialog(preset, secrets, &settings);
        if (dialog.exec() == QDialog::Accepted) {
            request.settings = dialog.profile().connection;
            request.settings.saslPassword = dialog.sessionPassword();
            request.needsSetup = false;
            return true;
        }
    }
}

int runWindow(ns::LaunchRequest request)
{
    ns::KeychainSecretStore secrets;
    if (request.needsSetup && !request.demo && !runFirstRun(request, &secrets))
        return 0;

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
        request.settings = ns::ConsumerSettings();
        request.settings.bootstrapServers = demo->bootstrapServers();
        request.settings.userUuid = ns::DemoCluster::demoUserUuid();
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
        std::unique_ptr<ns::IngestService> ingest;
        const auto startIngest = [&](const QString &password) {
            ns::ConsumerSettings settings = request.settings;
            settings.saslPassword = password;
            ingest = std::make_unique<ns::IngestService>(settings, databasePath, ns::IngestService::rdKafkaFactory(settings));
            QObject::connect(ingest.get(), &ns::IngestService::batchStored, &window, &ns::MainWindow::onMessagesStored);
            QObject::connect(ingest.get(), &ns::IngestService::stateChanged, &window, &ns::MainWindow::onConnectionStateChanged);
            QObject::connect(ingest.get(), &ns::IngestService::stateChanged, &window,
                             [&diagnostics](ns::ConnectionState state, const QString &detail) { diagnostics.setConnectionState(state, detail); });
            diagnostics.setConnection(settings); // Reports only whether a password is set.
            ingest->start();
        };
        QObject::connect(&window, &ns::MainWindow::settingsRequested, &window, [&] {
            QSettings settings;
            ns::SettingsDialog dialog(ns::ProfileSettings::load(settings), &secrets, &settings, &window);
            if (dialog.exec() == QDialog::Accepted)
                QApplication::exit(RestartSession);
        });
        QObject::connect(&instance, &ns::SingleInstance::activationRequested, &window, &ns::MainWindow::bringToFront);
        window.setDiagnosticsSource([&diagnostics] {
            diagnostics.setSettings(ns::Diagnostics::readSettings(QSettings()));
            diagnostics.setRecentProblems(ns::LogRouter::recentProblems());
            return diagnostics.text();
        });
        ns::TrayIcon::presentAtLaunch(&window, request.minimized);

        ns::ProfileSettings profile;
        profile.connection = request.settings;
        ns::PasswordResolver resolver(&secrets);
        if (!ns::ProfileSettings::usesSasl(request.settings.securityProtocol) || !request.settings.saslPassword.isEmpty()) {
            startIngest(request.settings.saslPassword);
        } else {
            QObject::connect(&resolver, &ns::PasswordResolver::resolved, &window, [&](const QString &password, ns::PasswordResolver::Source source) {
                window.statusBar()->showMessage(ns::PasswordResolver::describe(source), 10'000);
                startIngest(password);
            });
            QObject::connect(&resolver, &ns::PasswordResolver::notRemembered, &window, [&](const QString &reason) {
                window.statusBar()->showMessage(reason, 20'000);
            });
            QObject::connect(&resolver, &ns::PasswordResolver::passwordNeeded, &window, [&](bool keychain, const QString &reason) {
                auto *prompt = new ns::PasswordPrompt(request.settings.saslUsername, keychain, reason, &window);
                prompt->setAttribute(Qt::WA_DeleteOnClose);
                QObject::connect(prompt, &QDialog::accepted, &resolver, [&resolver, prompt] { resolver.provide(prompt->password(), prompt->remember()); });
                QObject::connect(prompt, &QDialog::rejected, &window, [&window] {
                    window.statusBar()->showMessage(QObject::tr("Not connected: no password. Use File > Settings… to enter it."));
                });
                prompt->open();
            });
            resolver.resolve(profile.secretKey());
        }
        status = QApplication::exec();
        if (ingest)
            ingest->stop();
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
    ns::LaunchRequest request = ns::parseCommandLine(QCoreApplication::arguments());
    switch (request.mode) {
    case ns::LaunchRequest::Mode::Exit: return request.exitCode;
    case ns::LaunchRequest::Mode::Ingest: return runIngest(request);
    case ns::LaunchRequest::Mode::Window:
        QGuiApplication::setDesktopFileName(QStringLiteral(NS_INBOX_APP_ID));
        QApplication::setWindowIcon(applicationIcon());
        for (;;) {
            const int status = runWindow(request);
            if (status != RestartSession)
                return status;
            // New settings: a new session from what is saved now, without the command line's overrides.
            request = ns::parseCommandLine({QCoreApplication::arguments().constFirst()});
            if (request.mode != ns::LaunchRequest::Mode::Window)
                return request.exitCode;
        }
    }
    return 0;
}
