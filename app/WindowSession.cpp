#include "WindowSession.h"

#include "AppPaths.h"
#include "ComposeActions.h"
#include "Database.h"
#include "DemoCluster.h"
#include "DesktopNotifications.h"
#include "DesktopIntegration.h"
#include "Diagnostics.h"
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
#include "TopicLifeNotices.h"
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

} // namespace

WindowSession::WindowSession(ns::LaunchRequest request) : m_request(std::move(request)) {}

WindowSession::~WindowSession()
{
    stopServices();
    // In this order: what uses the window and the store goes first, the store's connection last.
    m_resolver.reset();
    m_outbox.reset();
    m_sync.reset();
    m_ingest.reset();
    m_window.reset();
    m_notifications.reset();
    m_diagnostics.reset();
    if (!m_connection.isEmpty()) {
        m_db = {};
        ns::Database::close(m_connection);
    }
}

int runWindowSession(ns::LaunchRequest request, bool *restart)
{
    WindowSession session(std::move(request));
    const int status = session.run();
    if (restart)
        *restart = session.restartRequested();
    return status;
}

int WindowSession::run()
{
    int status = 0;
    if (!setUp(&status))
        return status;
    buildWindow();
    resolvePasswordThenStart();
    status = QApplication::exec();
    stopServices();
    return status;
}

bool WindowSession::setUp(int *status)
{
    if (m_request.needsSetup && !m_request.demo && !runFirstRun(m_request, &m_secrets))
        return false;
    if (m_request.demo) {
        // Point the request at the demo first: the single-instance key is the demo's own database.
        m_request.settings.userUuid = ns::DemoCluster::demoUserUuid();
    }
    m_databasePath = profileDatabase(m_request);
    // Before anything touches the profile: a second launch must not start a second ingester on it.
    m_instance = std::make_unique<ns::SingleInstance>(m_databasePath);
    if (!claimProfile(*m_instance, status))
        return false;
    if (m_request.demo && !startDemo(m_request, m_demo)) {
        *status = 1;
        return false;
    }
    // Checked (and rebuilt when damaged) before any connection opens it, as `ns-inbox ingest` does:
    // a small store whole, a big one when a damaged page was met (StoreCheck::checkAtWindowStart);
    // the window tells what was done.
    if (!m_request.demo)
        m_storeCheck = ns::StoreCheck::checkAtWindowStart(m_databasePath);
    ns::StoreError error;
    m_connection = ns::Database::uniqueConnectionName(QStringLiteral("ui"));
    m_db = ns::Database::open(m_databasePath, m_connection, &error);
    if (!m_db.isValid()) {
        // With what to do about it (TopicLifeNotices), as the window would say it.
        QMessageBox::critical(nullptr, QObject::tr("NS Inbox"),
                              QObject::tr("The inbox database could not be opened:\n%1")
                                  .arg(ns::TopicLifeNotices().storeUnusable(error).value_or(error.text)));
        *status = 1;
        return false;
    }
    // The session's own connection (compose's sent view, the outbox count, diagnostics) reads
    // only, as the window's does: every change a person makes goes through the StoreWriter.
    if (QSqlQuery readOnly(m_db); !readOnly.exec(QStringLiteral("PRAGMA query_only = ON")))
        qCWarning(lcApp).noquote() << "the window's connection could not be made read-only:" << readOnly.lastError().text();
    return true;
}

void WindowSession::buildWindow()
{
    m_diagnostics = std::make_unique<ns::Diagnostics>(startingDiagnostics(m_request, m_databasePath, m_db));
    // Through the desktop's notification daemon (D-Bus); the icon name is the one the package installs.
    m_notifications = std::make_unique<ns::DesktopNotifications>(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"),
                                                                 QGuiApplication::desktopFileName());
    m_window = std::make_unique<ns::MainWindow>(
        new ns::InboxController(m_databasePath, m_request.demo ? QObject::tr("demo") : m_request.settings.userUuid));
    m_window->setDemo(m_request.demo);
    m_window->controller()->tellStoreCheck(m_storeCheck);

    // Administrators compose (the demo lets anyone try it); anyone with rows still pending (sent
    // as an administrator, or by `ns-inbox send`) gets them delivered.
    m_administrator = m_request.demo || ns::ProfileSettings::load(QSettings()).administrator;
    m_producerSettings = std::make_shared<ns::ConnectionSettings>(m_request.settings);
    m_outbox = std::make_unique<ns::OutboxService>(
        m_databasePath, [settings = m_producerSettings](QString *error) -> std::unique_ptr<ns::MessageProducer> {
            return ns::RdKafkaProducer::create(*settings, error);
        });
    auto *compose = new ns::ComposeActions(m_outbox.get(), m_db, ns::SenderIdentity::createdBy(m_request.settings.userUuid),
                                           m_window.get());
    compose->install(m_window->menuBar(), m_administrator, m_window->actions()->open);
    m_window->setQuitGuard([compose] { return compose->discardOpenMessagesForQuit(); });
    connect(compose, &ns::ComposeActions::statusMessage, m_window->statusBar(),
            [bar = m_window->statusBar()](const QString &text) { bar->showMessage(text, 10'000); });

    connect(m_instance.get(), &ns::SingleInstance::activationRequested, m_window.get(), &ns::MainWindow::bringToFront);
    connect(m_window.get(), &ns::MainWindow::quitRequested, this, [] { QApplication::exit(0); });
    connect(m_window.get(), &ns::MainWindow::settingsRequested, this, &WindowSession::openSettings);
    m_window->setDiagnosticsSource([this] { return diagnosticsText(); });
    StartupProbe::install(m_window.get());
    // The one tray icon of the session (owned by the window): count, menu, notifications.
    (new ns::TrayIcon(m_window.get(), m_notifications.get()))->presentAtLaunch(m_request.minimized);
}

void WindowSession::resolvePasswordThenStart()
{
    m_resolver = std::make_unique<ns::PasswordResolver>(&m_secrets);
    if (!ns::ProfileSettings::usesSasl(m_request.settings.securityProtocol) || !m_request.settings.saslPassword.isEmpty()) {
        startServices(m_request.settings.saslPassword);
        return;
    }
    ns::MainWindow *window = m_window.get();
    // The log says where the password came from and why it was asked (never the password itself).
    connect(m_resolver.get(), &ns::PasswordResolver::resolved, this, [this](const QString &password, ns::PasswordResolver::Source source) {
        qCInfo(lcApp).noquote() << "SASL password:" << ns::PasswordResolver::describe(source);
        m_window->statusBar()->showMessage(ns::PasswordResolver::describe(source), 10'000);
        startServices(password);
    });
    connect(m_resolver.get(), &ns::PasswordResolver::notRemembered, window, [window](const QString &reason) {
        qCWarning(lcApp).noquote() << "SASL password not remembered:" << reason;
        window->statusBar()->showMessage(reason, 20'000);
    });
    connect(m_resolver.get(), &ns::PasswordResolver::passwordNeeded, this, [this, window](bool keychain, const QString &reason) {
        qCInfo(lcApp).noquote() << "asking for the SASL password:" << reason;
        auto *prompt = new ns::PasswordPrompt(m_request.settings.saslUsername, keychain, reason, window);
        prompt->setAttribute(Qt::WA_DeleteOnClose);
        connect(prompt, &QDialog::accepted, m_resolver.get(),
                [resolver = m_resolver.get(), prompt] { resolver->provide(prompt->password(), prompt->remember()); });
        connect(prompt, &QDialog::rejected, window, [window] {
            window->statusBar()->showMessage(QObject::tr("Not connected: no password. Use File > Settings… to enter it."));
        });
        prompt->open();
    });
    ns::ProfileSettings profile;
    profile.connection = m_request.settings;
    m_resolver->resolve(profile.secretKey());
}

void WindowSession::startServices(const QString &password)
{
    ns::ConnectionSettings settings = m_request.settings;
    settings.saslPassword = password;
    m_producerSettings->saslPassword = password;
    ns::StoreError outboxError;
    const ns::OutboxSummary waiting = ns::OutboxStore(m_db).summary({}, &outboxError);
    // An outbox that cannot be counted may hold rows to deliver: the outbox starts (and tells
    // what it meets), and the window says why the count failed.
    if (outboxError.isError())
        m_window->showStoreFailure(outboxError);
    if (m_administrator || outboxError.isError() || waiting.pending > 0)
        m_outbox->start();
    m_ingest = std::make_unique<ns::IngestService>(settings, m_databasePath, ns::RdKafkaSource::factory(settings));
    m_window->follow(m_ingest.get());
    connect(m_ingest.get(), &ns::IngestService::stateChanged, this,
            [this](ns::ConnectionState state, const QString &detail) { m_diagnostics->setConnectionState(state, detail); });
    m_ingest->start();
    // Read, archived and snoozed states shared with the user's other desktops.
    m_sync = std::make_unique<ns::StateSyncService>(settings.userUuid, m_databasePath, ns::StateTopicAdmin::clients(settings));
    m_window->follow(m_sync.get());
    connect(m_sync.get(), &ns::StateSyncService::syncStateChanged, this, [this](ns::StateSyncStatus status, const QString &detail) {
        m_diagnostics->setDetail(QStringLiteral("State sync"), detail.isEmpty() ? ns::stateSyncStatusName(status)
                                                                                : ns::stateSyncStatusName(status) + QStringLiteral(": ") + detail);
    });
    m_sync->start();
}

void WindowSession::stopServices()
{
    if (m_outbox)
        m_outbox->stop();
    if (m_sync)
        m_sync->stop();
    if (m_ingest)
        m_ingest->stop();
}

void WindowSession::openSettings()
{
    QSettings settings;
    ns::SettingsDialog dialog(ns::settingsForDialog(m_request, ns::ProfileSettings::load(settings)), &m_secrets, &settings,
                              m_window.get());
    if (dialog.exec() != QDialog::Accepted)
        return;
    // A new session from what is saved now (main() makes it once this one has ended).
    m_restart = true;
    QApplication::exit(0);
}

QString WindowSession::diagnosticsText()
{
    m_diagnostics->setSettings(ns::Diagnostics::readSettings(QSettings()));
    m_diagnostics->setRecentProblems(ns::LogRouter::recentProblems());
    return m_diagnostics->text();
}

} // namespace app
