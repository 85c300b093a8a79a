#include "WindowSession.h"

#include "AppPaths.h"
#include "ComposeActions.h"
#include "Database.h"
#include "DemoCluster.h"
#include "DesktopNotifications.h"
#include "DesktopIntegration.h"
#include "InboxActions.h"
#include "InboxController.h"
#include "IngestService.h"
#include "KeychainSecretStore.h"
#include "Logging.h"
#include "LogRouter.h"
#include "MainWindow.h"
#include "MessageStore.h"
#include "OutboxService.h"
#include "StateSyncService.h"
#include "StateTopicAdmin.h"
#include "OutboxStore.h"
#include "PasswordPrompt.h"
#include "PasswordResolver.h"
#include "ProfileSettings.h"
#include "RdKafkaProducer.h"
#include "SenderIdentity.h"
#include "SettingsDialog.h"
#include "SingleInstance.h"
#include "StartupProbe.h"
#include "TrayIcon.h"
#include "WelcomePage.h"
#include "RdKafkaSource.h"

#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>

#include <memory>

namespace app {
namespace {

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

// Starts the demo broker and points the request at it; false (after telling the user) on failure.
bool startDemo(ns::LaunchRequest &request, std::unique_ptr<ns::DemoCluster> &demo)
{
    demo = std::make_unique<ns::DemoCluster>();
    QString error;
    if (!demo->isValid() || !demo->seed(&error)) {
        QMessageBox::critical(nullptr, QObject::tr("NS Inbox"),
                              QObject::tr("The demo broker could not start: %1").arg(demo->isValid() ? error : demo->errorString()));
        return false;
    }
    request.settings = ns::ConnectionSettings();
    request.settings.bootstrapServers = demo->bootstrapServers();
    request.settings.userUuid = ns::DemoCluster::demoUserUuid();
    if (request.databasePath.isEmpty()) {
        // The mock cluster is new on every start, so its inbox is too: stale offsets would not match.
        const QString path = profileDatabase(request);
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
    }
    return true;
}

// Asks for the SASL password without blocking the window (keychain, then a prompt), then calls start.
void resolvePasswordThenStart(const ns::LaunchRequest &request, ns::PasswordResolver &resolver, ns::MainWindow &window,
                              const std::function<void(const QString &)> &start)
{
    if (!ns::ProfileSettings::usesSasl(request.settings.securityProtocol) || !request.settings.saslPassword.isEmpty()) {
        start(request.settings.saslPassword);
        return;
    }
    // The log says where the password came from and why it was asked (never the password itself).
    QObject::connect(&resolver, &ns::PasswordResolver::resolved, &window, [&window, start](const QString &password, ns::PasswordResolver::Source source) {
        qCInfo(lcApp).noquote() << "SASL password:" << ns::PasswordResolver::describe(source);
        window.statusBar()->showMessage(ns::PasswordResolver::describe(source), 10'000);
        start(password);
    });
    QObject::connect(&resolver, &ns::PasswordResolver::notRemembered, &window,
                     [&window](const QString &reason) {
                         qCWarning(lcApp).noquote() << "SASL password not remembered:" << reason;
                         window.statusBar()->showMessage(reason, 20'000);
                     });
    QObject::connect(&resolver, &ns::PasswordResolver::passwordNeeded, &window, [&](bool keychain, const QString &reason) {
        qCInfo(lcApp).noquote() << "asking for the SASL password:" << reason;
        auto *prompt = new ns::PasswordPrompt(request.settings.saslUsername, keychain, reason, &window);
        prompt->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(prompt, &QDialog::accepted, &resolver, [&resolver, prompt] { resolver.provide(prompt->password(), prompt->remember()); });
        QObject::connect(prompt, &QDialog::rejected, &window, [&window] {
            window.statusBar()->showMessage(QObject::tr("Not connected: no password. Use File > Settings… to enter it."));
        });
        prompt->open();
    });
    ns::ProfileSettings profile;
    profile.connection = request.settings;
    resolver.resolve(profile.secretKey());
}

} // namespace

int runWindowSession(ns::LaunchRequest request)
{
    ns::KeychainSecretStore secrets;
    if (request.needsSetup && !request.demo && !runFirstRun(request, &secrets))
        return 0;

    std::unique_ptr<ns::DemoCluster> demo;
    if (request.demo) {
        // Point the request at the demo first: the single-instance key is the demo's own database.
        request.settings.userUuid = ns::DemoCluster::demoUserUuid();
    }
    const QString databasePath = profileDatabase(request);
    // Before anything touches the profile: a second launch must not start a second ingester on it.
    ns::SingleInstance instance(databasePath);
    if (int exitCode = 0; !claimProfile(instance, &exitCode))
        return exitCode;
    if (request.demo && !startDemo(request, demo))
        return 1;

    ns::StoreError error;
    const QString connection = ns::Database::uniqueConnectionName(QStringLiteral("ui"));
    QSqlDatabase db = ns::Database::open(databasePath, connection, &error);
    if (!db.isValid()) {
        QMessageBox::critical(nullptr, QObject::tr("NS Inbox"), QObject::tr("The inbox database could not be opened:\n%1").arg(error.text));
        return 1;
    }
    // The session's own connection (compose's sent view, the outbox count, diagnostics) reads
    // only, as the window's does: every change a person makes goes through the StoreWriter.
    if (QSqlQuery readOnly(db); !readOnly.exec(QStringLiteral("PRAGMA query_only = ON")))
        qCWarning(lcApp).noquote() << "the window's connection could not be made read-only:" << readOnly.lastError().text();
    int status = 0;
    {
        ns::Diagnostics diagnostics = startingDiagnostics(request, databasePath, db);
        // Through the desktop's notification daemon (D-Bus); the icon name is the one the package installs.
        ns::DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"),
                                               QGuiApplication::desktopFileName());
        ns::MainWindow window(new ns::InboxController(databasePath, request.demo ? QObject::tr("demo") : request.settings.userUuid));
        window.setDemo(request.demo);
        std::unique_ptr<ns::IngestService> ingest;
        std::unique_ptr<ns::StateSyncService> sync;

        // Administrators compose (the demo lets anyone try it); anyone with rows still pending (sent
        // as an administrator, or by `ns-inbox send`) gets them delivered. The producer is created
        // in the outbox thread once started, by then with the password the resolver found.
        const bool administrator = request.demo || ns::ProfileSettings::load(QSettings()).administrator;
        auto producerSettings = std::make_shared<ns::ConnectionSettings>(request.settings);
        ns::OutboxService outbox(databasePath, [producerSettings](QString *error) -> std::unique_ptr<ns::MessageProducer> {
            return ns::RdKafkaProducer::create(*producerSettings, error);
        });
        auto *compose = new ns::ComposeActions(&outbox, db, ns::SenderIdentity::createdBy(request.settings.userUuid), &window);
        compose->install(window.menuBar(), administrator, window.actions()->open);
        window.setQuitGuard([compose] { return compose->discardOpenMessagesForQuit(); });
        QObject::connect(compose, &ns::ComposeActions::statusMessage, &window,
                         [&window](const QString &text) { window.statusBar()->showMessage(text, 10'000); });

        const auto startIngest = [&](const QString &password) {
            ns::ConnectionSettings settings = request.settings;
            settings.saslPassword = password;
            producerSettings->saslPassword = password;
            ns::StoreError outboxError;
            const ns::OutboxSummary waiting = ns::OutboxStore(db).summary({}, &outboxError);
            // An outbox that cannot be counted may hold rows to deliver: the outbox starts (and
            // tells what it meets), and the window says why the count failed.
            if (outboxError.isError())
                window.showStoreFailure(outboxError);
            if (administrator || outboxError.isError() || waiting.pending > 0)
                outbox.start();
            ingest = std::make_unique<ns::IngestService>(settings, databasePath, ns::RdKafkaSource::factory(settings));
            window.follow(ingest.get());
            QObject::connect(ingest.get(), &ns::IngestService::stateChanged, &window,
                             [&diagnostics](ns::ConnectionState state, const QString &detail) { diagnostics.setConnectionState(state, detail); });
            ingest->start();
            // Read, archived and snoozed states shared with the user's other desktops.
            sync = std::make_unique<ns::StateSyncService>(settings.userUuid, databasePath, ns::StateTopicAdmin::clients(settings));
            window.follow(sync.get());
            QObject::connect(sync.get(), &ns::StateSyncService::syncStateChanged, &window,
                             [&diagnostics](ns::StateSyncStatus status, const QString &detail) {
                                 diagnostics.setDetail(QStringLiteral("State sync"),
                                                       detail.isEmpty() ? ns::stateSyncStatusName(status)
                                                                        : ns::stateSyncStatusName(status) + QStringLiteral(": ") + detail);
                             });
            sync->start();
        };
        QObject::connect(&instance, &ns::SingleInstance::activationRequested, &window, &ns::MainWindow::bringToFront);
        QObject::connect(&window, &ns::MainWindow::quitRequested, &window, [] { QApplication::exit(0); });
        QObject::connect(&window, &ns::MainWindow::settingsRequested, &window, [&] {
            QSettings settings;
            ns::SettingsDialog dialog(ns::settingsForDialog(request, ns::ProfileSettings::load(settings)), &secrets, &settings, &window);
            if (dialog.exec() == QDialog::Accepted)
                QApplication::exit(RestartSession);
        });
        window.setDiagnosticsSource([&diagnostics] {
            diagnostics.setSettings(ns::Diagnostics::readSettings(QSettings()));
            diagnostics.setRecentProblems(ns::LogRouter::recentProblems());
            return diagnostics.text();
        });
        StartupProbe::install(&window);
        // The one tray icon of the session (owned by the window): count, menu, notifications.
        (new ns::TrayIcon(&window, &notifications))->presentAtLaunch(request.minimized);

        ns::PasswordResolver resolver(&secrets);
        resolvePasswordThenStart(request, resolver, window, startIngest);
        status = QApplication::exec();
        outbox.stop();
        if (sync)
            sync->stop();
        if (ingest)
            ingest->stop();
    }
    db = {};
    ns::Database::close(connection);
    return status;
}

} // namespace app
