// ns-inbox: wires core to ui. Kept thin on purpose; the logic lives in the libraries.
#include "AppPaths.h"
#include "ComposeActions.h"
#include "CommandLine.h"
#include "Database.h"
#include "DemoCluster.h"
#include "HeadlessIngest.h"
#include "HeadlessSend.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageStore.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "Profile.h"

#include <QApplication>
#include <QIcon>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include <memory>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NS_INBOX_VERSION));
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

// The sender's own inbox database holds the outbox, so the window's Sent view shows what the
// command line sent and resumes whatever it left pending.
int runSend(const ns::LaunchRequest &request)
{
    ns::HeadlessSendOptions options;
    options.settings = request.settings;
    options.databasePath = request.databasePath.isEmpty() ? ns::AppPaths::databaseFor(request.settings.userUuid)
                                                          : request.databasePath;
    options.draft = request.draft;
    options.createdBy = ns::Profile::senderName(request.settings.userUuid);
    options.timeoutSeconds = request.timeoutSeconds;
    return ns::runHeadlessSend(options);
}

int runWindow(ns::LaunchRequest request)
{
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
    const QString databasePath = request.databasePath.isEmpty()
        ? ns::AppPaths::databaseFor(request.settings.userUuid, request.demo)
        : request.databasePath;

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
        ns::IngestService ingest(request.settings, databasePath, ns::IngestService::rdKafkaFactory(request.settings));
        QObject::connect(&ingest, &ns::IngestService::batchStored, &window, &ns::MainWindow::onMessagesStored);
        QObject::connect(&ingest, &ns::IngestService::stateChanged, &window, &ns::MainWindow::onConnectionStateChanged);

        // Administrators compose; anyone with rows still pending (sent while an administrator, or
        // by `ns-inbox send`) gets them delivered.
        const bool administrator = ns::Profile::isAdministrator();
        ns::OutboxService outbox(databasePath, ns::OutboxService::rdKafkaFactory(request.settings));
        auto *compose = new ns::ComposeActions(&outbox, db, ns::Profile::senderName(request.settings.userUuid), &window);
        compose->install(window.menuBar(), administrator);
        QObject::connect(compose, &ns::ComposeActions::statusMessage, &window,
                         [&window](const QString &text) { window.statusBar()->showMessage(text, 10'000); });

        window.show();
        ingest.start();
        if (administrator || ns::OutboxStore(db).summary().pending > 0)
            outbox.start();
        status = QApplication::exec();
        outbox.stop();
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
    const bool headless = argc > 1 && (qstrcmp(argv[1], "ingest") == 0 || qstrcmp(argv[1], "send") == 0);
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    setApplicationIdentity();
    const ns::LaunchRequest request = ns::parseCommandLine(QCoreApplication::arguments());
    switch (request.mode) {
    case ns::LaunchRequest::Mode::Exit: return request.exitCode;
    case ns::LaunchRequest::Mode::Ingest: return runIngest(request);
    case ns::LaunchRequest::Mode::Send: return runSend(request);
    case ns::LaunchRequest::Mode::Window:
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/ns-inbox/icons/ns-inbox.svg")));
        return runWindow(request);
    }
    return 0;
}
