#pragma once

#include "CommandLine.h"
#include "ConnectionSettings.h"
#include "KeychainSecretStore.h"
#include "StoreCheck.h"

#include <QObject>
#include <QSqlDatabase>

#include <memory>

namespace ns {
class DemoCluster;
class DesktopNotifications;
class Diagnostics;
class IngestService;
class MainWindow;
class OutboxService;
class PasswordResolver;
class SingleInstance;
class StateSyncService;
}

/// The windowed app: first run, the inbox window with its ingest thread, and the password flow.
namespace app {

/// One run of the inbox window on a profile: the first-run pages when nothing is configured, the
/// profile claimed against a second launch, the demo broker when asked for, the store's read-only
/// connection, the window, and the services that feed it (ingest, state sync, outbox), started
/// once the SASL password is known. Every part is a member, so the wiring is plain connections
/// between them. It ends when the person quits, or saves new settings (restartRequested()).
class WindowSession : public QObject
{
    Q_OBJECT

public:
    explicit WindowSession(ns::LaunchRequest request);
    ~WindowSession() override;

    /// Sets everything up, shows the window and runs the event loop until the session ends;
    /// the process's exit status.
    int run();
    /// The person saved new settings: main() starts a new session from them.
    bool restartRequested() const { return m_restart; }

private:
    /// First run, the profile claimed, the demo, the store; false (with `status`) when the
    /// session must not go on.
    bool setUp(int *status);
    void buildWindow();
    /// Asks for the SASL password without blocking the window (keychain, then a prompt), then starts.
    void resolvePasswordThenStart();
    void startServices(const QString &password);
    void stopServices();
    void openSettings();
    QString diagnosticsText();

    ns::LaunchRequest m_request;
    ns::KeychainSecretStore m_secrets;
    QString m_databasePath;
    ns::StoreCheckReport m_storeCheck; ///< What the check at start did, told by the window.
    std::unique_ptr<ns::SingleInstance> m_instance;
    std::unique_ptr<ns::DemoCluster> m_demo;
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<ns::Diagnostics> m_diagnostics;
    std::unique_ptr<ns::DesktopNotifications> m_notifications;
    std::unique_ptr<ns::MainWindow> m_window;
    std::unique_ptr<ns::IngestService> m_ingest;
    std::unique_ptr<ns::StateSyncService> m_sync;
    /// The outbox's producer is made in its thread once started, by then with the password found.
    std::shared_ptr<ns::ConnectionSettings> m_producerSettings;
    std::unique_ptr<ns::OutboxService> m_outbox;
    std::unique_ptr<ns::PasswordResolver> m_resolver;
    bool m_administrator = false;
    bool m_restart = false;
};

/// Runs one WindowSession for `request`; `restart` (when given) says it ended with new settings.
int runWindowSession(ns::LaunchRequest request, bool *restart = nullptr);

} // namespace app
