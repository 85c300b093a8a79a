#include "HeadlessIngest.h"

#include "CatchUpMeter.h"
#include "IngestService.h"
#include "RdKafkaSource.h"
#include "StoreCheck.h"

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

    // The store checked (and rebuilt when damaged) before any connection opens it.
    const StoreCheckReport check = StoreCheck::checkAndRecover(options.databasePath);
    if (check.outcome == StoreCheckReport::Outcome::Failed) {
        err << "ns-inbox: " << check.summary() << Qt::endl;
        return 1;
    }
    if (check.outcome == StoreCheckReport::Outcome::Rebuilt)
        out << check.summary() << Qt::endl;

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
    // Said once per event on the output, besides the log: a script sees what happened to its store.
    QObject::connect(&service, &IngestService::topicRecreated, [&](const QString &topic, const QString &retiredAs, qint64 kept) {
        out << "topic " << topic << " was deleted and created again: " << kept << " earlier message(s) kept as " << retiredAs
            << "; reading the new topic from its beginning" << Qt::endl;
    });
    QObject::connect(&service, &IngestService::messagesExpired, [&](const QString &topic, int partition, qint64 count) {
        out << count << " message(s) of " << topic << " partition " << partition
            << " expired on the broker before they could be read" << Qt::endl;
    });
    // A store no retry mends ends the command at once, with the reason: waiting out --timeout
    // would only hide it.
    QObject::connect(&service, &IngestService::storeUnusable, qApp, [&](const StoreError &error) {
        err << "ns-inbox: the inbox store cannot be used: " << error.text << Qt::endl;
        QCoreApplication::exit(1);
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
