#include "HeadlessIngest.h"

#include "CatchUpMeter.h"
#include "IngestService.h"
#include "RdKafkaSource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace ns {
namespace {

int signalPipe[2] = {-1, -1};

// Only async-signal-safe work here: wake the event loop through a socket pair.
void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

} // namespace

int runHeadlessIngest(const HeadlessIngestOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    int status = 0;
    qint64 stored = 0, rejected = 0;
    QElapsedTimer clock;
    clock.start();

    IngestService service(options.settings, options.databasePath, RdKafkaSource::factory(options.settings));
    // State changes are logged by the worker itself (ns.kafka), once each.
    QObject::connect(&service, &IngestService::batchStored, [&](BatchResult r) {
        stored += r.inserted;
        rejected += r.rejected;
    });
    CatchUpMeter meter(::isatty(STDERR_FILENO) == 1);
    QObject::connect(&service, &IngestService::catchUpProgress, [&](qint64 done, qint64 total) {
        const QString text = meter.update(done, total, clock.elapsed());
        if (!text.isEmpty())
            err << text << Qt::flush;
    });
    if (options.exitWhenCaughtUp)
        QObject::connect(&service, &IngestService::caughtUp, qApp, [] { QCoreApplication::exit(0); });
    if (options.timeoutSeconds > 0) {
        QTimer::singleShot(options.timeoutSeconds * 1000, qApp, [&] {
            err << "timed out after " << options.timeoutSeconds << " s" << Qt::endl;
            QCoreApplication::exit(1);
        });
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, qApp);
        QObject::connect(notifier, &QSocketNotifier::activated, qApp, [] { QCoreApplication::exit(0); });
        std::signal(SIGINT, onTerminationSignal);
        std::signal(SIGTERM, onTerminationSignal);
    }

    service.start();
    status = QCoreApplication::exec();
    service.stop();
    out << "stored " << stored << " message(s), rejected " << rejected << " in " << clock.elapsed() << " ms" << Qt::endl;
    return status;
}

} // namespace ns
