// bench_startup: process start to the window's first painted frame (rows included), the real
// ns-inbox binary against a 1,000,000-message store, offscreen. Beside it, in the same run: the
// same binary with an empty store, so the ratio is what a big inbox costs at start-up. The app
// reports its first paint when NS_INBOX_STARTUP_PROBE is set (app/StartupProbe) and then quits;
// the time runs from QProcess::start() here to reading that line, so exec, loading the libraries,
// opening the database and the first queries all count. One unmeasured warm-up launch per side
// first (the store is then in the page cache, as on a machine that has used it). Never fails on a
// figure.
//
//   bench_startup [--store FILE] [--messages N] [--runs N] [--bootstrap HOST:PORT]
#include "BenchStats.h"
#include "BenchStore.h"
#include "BrokerEnvironment.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUuid>

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

// One launch; milliseconds to the first paint, or -1.
double launch(const QString &binary, const QString &database, const QString &bootstrap, const QString &home)
{
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("NS_INBOX_STARTUP_PROBE"), QStringLiteral("1"));
    // A profile of its own: no settings, single-instance lock or log of the user's.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/state"));
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::SeparateChannels);
    const QStringList args{QStringLiteral("--bootstrap"), bootstrap, QStringLiteral("--user"),
                           QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("--database"), database};
    QElapsedTimer clock;
    clock.start();
    app.start(binary, args);
    double ms = -1;
    QByteArray seen;
    while (app.state() != QProcess::NotRunning || app.bytesAvailable() > 0) {
        app.waitForReadyRead(100);
        seen += app.readAllStandardOutput();
        if (seen.contains("ns-inbox: first paint")) {
            ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
            break;
        }
        if (clock.elapsed() > 120'000)
            break;
    }
    if (!app.waitForFinished(30'000)) {
        app.kill();
        app.waitForFinished();
    }
    if (ms < 0)
        err << "launch failed (exit " << app.exitCode() << "): " << app.readAllStandardError().right(2000) << Qt::endl;
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Start-up time of ns-inbox with a big store and with an empty one."));
    parser.addHelpOption();
    const QCommandLineOption storeOption(QStringLiteral("store"), QStringLiteral("The big store (generated when missing; shared with bench_inbox)."),
                                        QStringLiteral("file"));
    const QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages in the big store (default 1000000)."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Launches per side (default 7)."), QStringLiteral("n"));
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("Broker for the app to connect to (default: $NS_TEST_BROKER_ENV's, else none reachable)."),
                                             QStringLiteral("servers"));
    parser.addOptions({storeOption, messagesOption, runsOption, bootstrapOption});
    parser.process(app);

    const qint64 count = parser.value(messagesOption).toLongLong();
    const QString store = parser.isSet(storeOption) ? parser.value(storeOption)
        : QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/ns-inbox-bench/inbox-%1.sqlite").arg(count);
    QString error;
    if (!BenchStore::ensure(store, count, &error)) {
        err << "cannot prepare the store: " << error << Qt::endl;
        return 1;
    }
    QString bootstrap = parser.value(bootstrapOption);
    if (bootstrap.isEmpty()) {
        const ns::test::BrokerEnvironment env;
        // Without a broker the app still starts (its status says the broker is unreachable).
        bootstrap = env.isValid() ? env.bootstrap() : QStringLiteral("127.0.0.1:9");
    }
    const int runs = parser.isSet(runsOption) ? std::max(1, parser.value(runsOption).toInt()) : ns::bench::runsFromEnvironment(7);
    const QString binary = QStringLiteral(NS_INBOX_BINARY);

    QVector<double> big, empty;
    out << "start-up benchmark: " << binary << ", " << count << "-message store " << store << ", " << runs << " launches per side"
        << Qt::endl;
    for (int run = 0; run <= runs; ++run) {
        QTemporaryDir home; // a new profile each time: nothing remembered between launches
        QTemporaryDir fresh;
        const double b = launch(binary, store, bootstrap, home.path());
        const double e = launch(binary, fresh.filePath(QStringLiteral("empty.sqlite")), bootstrap, home.path());
        if (run == 0) {
            out << "  warm-up: " << b << " ms (1M), " << e << " ms (empty)" << Qt::endl;
            continue;
        }
        big.append(b);
        empty.append(e);
        out << "  run " << run << ": " << b << " ms with " << count << " messages, " << e << " ms empty" << Qt::endl;
    }
    out << Qt::endl << "| measure | NS Inbox | beside it, in the same run | ratio | aim |" << Qt::endl << "|---|---|---|---|---|" << Qt::endl;
    out << "| start-up with a " << count << "-message store: process start to the first painted window (offscreen) | "
        << ns::bench::spread(big, QStringLiteral("ms")) << " | the same with an empty store: " << ns::bench::spread(empty, QStringLiteral("ms"))
        << " | " << ns::bench::spread(ns::bench::ratios(big, empty), QStringLiteral("x")) << " | under 500 ms |" << Qt::endl;
    return big.contains(-1) || empty.contains(-1) ? 1 : 0;
}
