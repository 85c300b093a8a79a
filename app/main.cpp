// ns-inbox: wires core to ui. Kept thin on purpose; the logic lives in the libraries.
#include "AppPaths.h"
#include "ComposeActions.h"
#include "CommandLine.h"
#include "Database.h"
#include "DemoCluster.h"
#include "HeadlessIngest.h"
#include "HeadlessSend.h"
#include "IngestService.h"
#include "KeychainSecretStore.h"
#include "MainWindow.h"
#include "MessageStore.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "PasswordPrompt.h"
#include "PasswordResolver.h"
#include "ProfileSettings.h"
#include "RdKafkaProducer.h"
#include "SenderIdentity.h"
#include "SettingsDialog.h"
#include "WelcomePage.h"

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QIcon>
#include <QMenuBar>
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

// The sender's own inbox database holds the outbox, so the window's Sent view shows what the
// command line sent and resumes whatever it left pending.
int runSend(ns::LaunchRequest request)
{
    if (!resolveHeadlessPassword(request.settings))
        return 2;
    ns::HeadlessSendOptions options;
    options.settings = request.settings;
    options.databasePath = request.databasePath.isEmpty() ? ns::AppPaths::databaseFor(request.settings.userUuid)
                                                          : request.databasePath;
    options.draft = request.draft;
    options.createdBy = ns::SenderIdentity::createdBy(request.settings.userUuid);
    options.timeoutSeconds = request.timeoutSeconds;
    return ns::runHeadlessSend(options);
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
    const QString databasePath = request.databasePath.isEmpty()
        ? ns::AppPaths::databaseFor(request.settings.userUuid, request.demo)
        : request.databasePath;
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
        ns::MainWindow window(&store, request.demo ? QObject::tr("demo") : request.settings.userUuid);
        std::unique_ptr<ns::IngestService> ingest;

        // Administrators compose; anyone with rows still pending (sent while an administrator, or
        // by `ns-inbox send`) gets them delivered. The producer is created in the outbox thread once
        // started, by then with the password the resolver found.
        const bool administrator = request.demo || ns::ProfileSettings::load(QSettings()).administrator;
        auto producerSettings = std::make_shared<ns::ConsumerSettings>(request.settings);
        ns::OutboxService outbox(databasePath, [producerSettings](QString *error) -> std::unique_ptr<ns::MessageProducer> {
            return ns::RdKafkaProducer::create(*producerSettings, error);
        });
        auto *compose = new ns::ComposeActions(&outbox, db, ns::SenderIdentity::createdBy(request.settings.userUuid), &window);
        compose->install(window.menuBar(), administrator);
        QObject::connect(compose, &ns::ComposeActions::statusMessage, &window,
                         [&window](const QString &text) { window.statusBar()->showMessage(text, 10'000); });

        const auto startIngest = [&](const QString &password) {
            ns::ConsumerSettings settings = request.settings;
            settings.saslPassword = password;
            producerSettings->saslPassword = password;
            if (administrator || ns::OutboxStore(db).summary().pending > 0)
                outbox.start();
            ingest = std::make_unique<ns::IngestService>(settings, databasePath, ns::IngestService::rdKafkaFactory(settings));
            QObject::connect(ingest.get(), &ns::IngestService::batchStored, &window, &ns::MainWindow::onMessagesStored);
            QObject::connect(ingest.get(), &ns::IngestService::stateChanged, &window, &ns::MainWindow::onConnectionStateChanged);
            ingest->start();
        };
        QObject::connect(&window, &ns::MainWindow::settingsRequested, &window, [&] {
            QSettings settings;
            ns::SettingsDialog dialog(ns::ProfileSettings::load(settings), &secrets, &settings, &window);
            if (dialog.exec() == QDialog::Accepted)
                QApplication::exit(RestartSession);
        });
        window.show();

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
        outbox.stop();
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
    const bool headless = argc > 1 && (qstrcmp(argv[1], "ingest") == 0 || qstrcmp(argv[1], "send") == 0);
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    setApplicationIdentity();
    ns::LaunchRequest request = ns::parseCommandLine(QCoreApplication::arguments());
    switch (request.mode) {
    case ns::LaunchRequest::Mode::Exit: return request.exitCode;
    case ns::LaunchRequest::Mode::Ingest: return runIngest(request);
    case ns::LaunchRequest::Mode::Send: return runSend(request);
    case ns::LaunchRequest::Mode::Window:
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/ns-inbox/icons/ns-inbox.svg")));
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
