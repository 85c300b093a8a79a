#include "HeadlessCommands.h"

#include "AppPaths.h"
#include "DemoCluster.h"
#include "ExportJob.h"
#include "HeadlessIngest.h"
#include "HeadlessSend.h"
#include "KeychainSecretStore.h"
#include "PasswordResolver.h"
#include "ProfileSettings.h"
#include "SenderIdentity.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>

namespace app {
namespace {

// Headless: the environment variable, else the keychain (waiting is fine: there is no window to freeze).
bool resolveHeadlessPassword(ns::ConnectionSettings &settings)
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

} // namespace

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
    options.sendAt = request.sendAt;
    options.wait = request.sendWait;
    if (request.sendOutboxOnly)
        return ns::runHeadlessOutbox(options);
    return ns::runHeadlessSend(options);
}

} // namespace app
