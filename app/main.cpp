// ns-inbox: wires core to ui. Kept thin on purpose; the logic lives in the libraries.
#include "AppPaths.h"
#include "CommandLine.h"
#include "Database.h"
#include "DemoCluster.h"
#include "ExportJob.h"
#include "HeadlessIngest.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageStore.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QTextStream>
#include <QMessageBox>

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

int runExport(const ns::LaunchRequest &request)
{
    QTextStream err(stderr);
    const QString path = !request.databasePath.isEmpty() ? request.databasePath
        : request.demo ? ns::AppPaths::databaseFor(ns::DemoCluster::demoUserUuid(), true)
                       : ns::AppPaths::databaseFor(request.settings.userUuid);
    if (!QFileInfo::exists(path)) {
        err << "ns-inbox: no inbox at " << path << Qt::endl;
        return 1;
    }
    qint64 count = 0;
    QString error;
    if (!ns::ExportJob::run(path, request.exportView, request.exportFormat, request.exportOutput, &count, &error)) {
        err << "ns-inbox: export failed: " << error << Qt::endl;
        return 1;
    }
    err << "exported " << count << " message(s)" << Qt::endl;
    return 0;
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
        window.setDemo(request.demo);
        ns::IngestService ingest(request.settings, databasePath, ns::IngestService::rdKafkaFactory(request.settings));
        QObject::connect(&ingest, &ns::IngestService::batchStored, &window, &ns::MainWindow::onMessagesStored);
        QObject::connect(&ingest, &ns::IngestService::stateChanged, &window, &ns::MainWindow::onConnectionStateChanged);
        window.show();
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
    const bool headless = argc > 1 && (qstrcmp(argv[1], "ingest") == 0 || qstrcmp(argv[1], "export") == 0);
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    setApplicationIdentity();
    const ns::LaunchRequest request = ns::parseCommandLine(QCoreApplication::arguments());
    switch (request.mode) {
    case ns::LaunchRequest::Mode::Exit: return request.exitCode;
    case ns::LaunchRequest::Mode::Ingest: return runIngest(request);
    case ns::LaunchRequest::Mode::Export: return runExport(request);
    case ns::LaunchRequest::Mode::Window:
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/ns-inbox/icons/ns-inbox.svg")));
        return runWindow(request);
    }
    return 0;
}
