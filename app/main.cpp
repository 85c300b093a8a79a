// ns-inbox: wires core to ui. Kept thin on purpose; the logic lives in the libraries and the
// app's own small units (WindowSession, HeadlessCommands, DesktopIntegration).
#include "CommandLine.h"
#include "DesktopIntegration.h"
#include "HeadlessCommands.h"
#include "HeadlessSearch.h"
#include "Translations.h"
#include "WindowSession.h"

#include <QApplication>

#include <memory>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NS_INBOX_VERSION));
}

bool isHeadlessCommand(const char *arg)
{
    return qstrcmp(arg, "ingest") == 0 || qstrcmp(arg, "export") == 0 || qstrcmp(arg, "send") == 0
        || qstrcmp(arg, "search") == 0;
}

// --help and --version print and exit: they must work where there is no display (a server, ssh).
bool onlyPrints(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version"}) {
            if (qstrcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // Decide the kind of application before creating it: the subcommands run without a display.
    const bool headless = (argc > 1 && isHeadlessCommand(argv[1])) || onlyPrints(argc, argv);
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    setApplicationIdentity();
    app::installLogging();
    ns::Translations::install(QLocale::system());
    ns::LaunchRequest request = ns::parseCommandLine(QCoreApplication::arguments());
    switch (request.mode) {
    case ns::LaunchRequest::Mode::Exit: return request.exitCode;
    case ns::LaunchRequest::Mode::Ingest: return app::runIngest(request);
    case ns::LaunchRequest::Mode::Export:
        return request.query.isEmpty() ? app::runExport(request) : app::runQueryExport(request);
    case ns::LaunchRequest::Mode::Search: return app::runSearch(request);
    case ns::LaunchRequest::Mode::Send: return app::runSend(request);
    case ns::LaunchRequest::Mode::Window:
        // The Wayland app id, and the desktop entry the notifications name: us.cyberimpact.NsInbox.
        QGuiApplication::setDesktopFileName(QStringLiteral(NS_INBOX_APP_ID));
        app::migrateAutostartEntry();
        QApplication::setWindowIcon(app::applicationIcon());
        for (;;) {
            bool restart = false;
            const int status = app::runWindowSession(request, &restart);
            if (!restart)
                return status;
            // New settings: a new session from what is saved now, without the command line's overrides.
            request = ns::parseCommandLine({QCoreApplication::arguments().constFirst()});
            if (request.mode != ns::LaunchRequest::Mode::Window)
                return request.exitCode;
        }
    }
    return 0;
}
