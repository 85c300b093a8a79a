// bench_soak: the window left open for a long while (default 600 s) on the real broker, as on a
// desk all day: a trickle of 50 messages per second sent by kafka-python in another process (the
// seed's producer, tests/bench/latency_producer.py) and a reader who every 2 s goes to the next
// unread message with the window's own Next Unread action (P, Previous Unread, when none is left
// below), which shows it and so marks it read. Measured in this process, which runs the real
// MainWindow offscreen with the real IngestService:
//   - memory: VmRSS (/proc/self/status), SQLite's own heap (sqlite3_memory_used) and malloc's
//     figures (mallinfo2: in use, and freed but kept) every 5 s;
//     the growth after the first minute is the figure (aim: under 5 MB), the first minute is the
//     warm-up (caches, the list's windows, SQLite's page cache filling);
//   - the UI thread's stalls: a 10 ms precise timer on it, each tick's lateness counted in a histogram; the
//     longest (aim: none over 100 ms) and the 99th percentile.
// Beside them, in the same run: the same window idle (connected, no messages, no reader) for a
// while before the soak, which is what the machine alone costs the UI thread; and the first minute
// beside the last one. Prints a table; never fails on a figure.
//
//   bench_soak [--bootstrap HOST:PORT] [--seconds S] [--rate R] [--idle-seconds I]
//
// --seconds defaults to $NS_SOAK_SECONDS, else 60 with NS_BENCH_QUICK=1, else 600.
#include "BenchEventLoop.h"
#include "BenchBroker.h"
#include "BenchStats.h"
#include "BrokerEnvironment.h"
#include "Database.h"
#include "IngestService.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "PythonTools.h"
#include "RdKafkaSource.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <sqlite3.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <time.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);
constexpr int HeartbeatMs = 10;
constexpr int MemoryEveryMs = 5'000;
constexpr int ReadEveryMs = 2'000;
constexpr double StallAimMs = 100;
constexpr double GrowthAimMb = 5;

/// A line of /proc/self/status in MB (the file gives kB), e.g. "VmRSS:"; -1 if unreadable.
double statusMb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return -1;
}

/// This process's resident memory in MB.
double residentMb()
{
    return statusMb("VmRSS:");
}

/// What malloc holds, in MB: handed out (in use), and freed but kept in its arenas (which RSS still
/// counts when touched): growth of the first is the program's, of the second the allocator's.
struct MallocFigures
{
    double inUseMb = -1, freeMb = -1;
};

MallocFigures mallocFigures()
{
#ifdef __GLIBC__
    const struct mallinfo2 m = mallinfo2(); // Over every arena, the worker threads' too.
    return {static_cast<double>(m.uordblks + m.hblkhd) / (1024.0 * 1024.0), static_cast<double>(m.fordblks) / (1024.0 * 1024.0)};
#else
    return {};
#endif
}

double sqliteHeapMb()
{
    return static_cast<double>(sqlite3_memory_used()) / (1024.0 * 1024.0);
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

/// The ticks of one phase: how late each came (a histogram), and the UI thread's own CPU time
/// since the one before (its work, as against waiting for a core on a busy machine). Of fixed
/// size, allocated before the soak starts: keeping every tick (100 a second) would itself grow
/// this process by about 6 MB an hour, the very figure the soak measures.
struct Ticks
{
    /// Lateness in 0.1 ms steps up to 100 ms, then 1 ms steps up to 10 s; later goes to the last.
    static constexpr int FineSteps = 1000, CoarseSteps = 9900;
    QVector<qint64> histogram = QVector<qint64>(FineSteps + CoarseSteps + 1, 0);
    qint64 ticks = 0;
    double longestMs = -1, cpuInLongestMs = -1, mostCpuMs = -1;

    static int stepOf(double lateMs)
    {
        if (lateMs < FineSteps / 10.0)
            return static_cast<int>(lateMs * 10);
        return std::min(FineSteps + CoarseSteps, FineSteps + static_cast<int>(lateMs - FineSteps / 10.0));
    }
    /// The upper edge of a step, what a percentile reports.
    static double lateOfStep(int step)
    {
        return step < FineSteps ? (step + 1) / 10.0 : FineSteps / 10.0 + (step - FineSteps + 1);
    }
    void add(double lateMs, double cpuMs)
    {
        ++histogram[stepOf(lateMs)];
        ++ticks;
        if (lateMs > longestMs) {
            longestMs = lateMs;
            cpuInLongestMs = cpuMs;
        }
        mostCpuMs = std::max(mostCpuMs, cpuMs);
    }
    void append(const Ticks &other)
    {
        for (qsizetype i = 0; i < histogram.size(); ++i)
            histogram[i] += other.histogram.at(i);
        ticks += other.ticks;
        if (other.longestMs > longestMs) {
            longestMs = other.longestMs;
            cpuInLongestMs = other.cpuInLongestMs;
        }
        mostCpuMs = std::max(mostCpuMs, other.mostCpuMs);
    }
    double longest() const { return longestMs; }
    /// The UI thread's CPU time within the longest stall.
    double cpuInLongest() const { return cpuInLongestMs; }
    double mostCpu() const { return mostCpuMs; }
    /// Nearest rank, to the step's upper edge (0.1 ms below 100 ms); -1 with no ticks.
    double p99() const
    {
        if (ticks == 0)
            return -1;
        const auto rank = static_cast<qint64>(std::ceil(0.99 * static_cast<double>(ticks)));
        qint64 seen = 0;
        for (int step = 0; step < histogram.size(); ++step) {
            seen += histogram.at(step);
            if (seen >= rank)
                return std::min(lateOfStep(step), longestMs);
        }
        return longestMs;
    }
    /// Ticks later than `ms` (to the histogram's step).
    qint64 lateBy(double ms) const
    {
        qint64 n = 0;
        for (int step = stepOf(ms) + 1; step < histogram.size(); ++step)
            n += histogram.at(step);
        return n;
    }
};

/// The UI thread's lateness: a precise timer every 10 ms; how much later than due each tick came
/// is a stall of the event loop (work on the UI thread, or the machine not running it). Ticks go
/// to the current phase.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(HeartbeatMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const double cpu = threadCpuMs();
            if (m_tick.isValid() && m_phase) {
                m_phase->add(std::max<double>(0, static_cast<double>(m_tick.nsecsElapsed()) / 1e6 - HeartbeatMs), cpu - m_cpu);
            }
            m_tick.start();
            m_cpu = cpu;
        });
    }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    /// Where the next ticks go (nullptr: nowhere).
    void record(Ticks *phase)
    {
        m_phase = phase;
        m_tick.invalidate(); // A tick's lateness belongs to the phase it started in.
    }

private:
    QTimer m_timer;
    QElapsedTimer m_tick;
    double m_cpu = 0;
    Ticks *m_phase = nullptr;
};

struct MemorySample
{
    double seconds, rssMb, sqliteMb, anonMb;
    MallocFigures malloc;

    static MemorySample at(double seconds)
    {
        return {seconds, residentMb(), sqliteHeapMb(), statusMb("RssAnon:"), mallocFigures()};
    }
};

// Runs the event loop, asleep between events, until `done()` or the timeout; true when done.
bool spinUntil(const std::function<bool()> &done, qint64 timeoutMs)
{
    return bench::waitUntil(done, timeoutMs, 1000);
}

/// Memory at `seconds` into the soak: the last sample taken by then.
MemorySample sampleAt(const QVector<MemorySample> &samples, double seconds)
{
    MemorySample at = samples.constFirst();
    for (const MemorySample &s : samples) {
        if (s.seconds <= seconds)
            at = s;
    }
    return at;
}

/// Least-squares slope of RSS after `from` seconds, in MB per hour.
double slopeMbPerHour(const QVector<MemorySample> &samples, double from)
{
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const MemorySample &s : samples) {
        if (s.seconds < from)
            continue;
        ++n;
        sx += s.seconds;
        sy += s.rssMb;
        sxx += s.seconds * s.seconds;
        sxy += s.seconds * s.rssMb;
    }
    const double d = n * sxx - sx * sx;
    return n < 2 || d == 0 ? 0 : (n * sxy - sx * sy) / d * 3600;
}

QString ms(double v)
{
    return v < 0 ? QStringLiteral("none") : QStringLiteral("%1 ms").arg(v, 0, 'f', v < 10 ? 1 : 0);
}

QString verdict(bool met, const QString &aim)
{
    return QStringLiteral("%1: %2").arg(aim, met ? QStringLiteral("met") : QStringLiteral("missed"));
}

void row(const QString &measure, const QString &ours, const QString &beside, const QString &ratio, const QString &aim)
{
    out << "| " << measure << " | " << ours << " | " << beside << " | " << ratio << " | " << aim << " |" << Qt::endl;
}

QString ratio(double a, double b)
{
    return a > 0 && b > 0 ? QStringLiteral("%1 x").arg(a / b, 0, 'f', 2) : QString();
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    // The window remembers its geometry: keep that out of the user's own settings.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox-bench"));
    if (qEnvironmentVariableIsEmpty("NS_TEST_SOURCE_DIR"))
        qputenv("NS_TEST_SOURCE_DIR", NS_SOURCE_DIR);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Soak: the window open under a trickle of messages and a reader; memory growth and UI stalls."));
    parser.addHelpOption();
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("Broker (default: start a private one)."), QStringLiteral("servers"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Soak length (default $NS_SOAK_SECONDS, else 600; 60 with NS_BENCH_QUICK=1)."),
                                           QStringLiteral("s"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Messages per second (default 50)."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption idleOption(QStringLiteral("idle-seconds"), QStringLiteral("The idle window before the soak (default 30, at most a tenth of the soak)."),
                                        QStringLiteral("s"), QStringLiteral("30"));
    parser.addOptions({bootstrapOption, secondsOption, rateOption, idleOption});
    parser.process(app);
    const bool quick = qEnvironmentVariableIntValue("NS_BENCH_QUICK") == 1;
    int seconds = quick ? 60 : 600;
    if (qEnvironmentVariableIntValue("NS_SOAK_SECONDS") > 0)
        seconds = qEnvironmentVariableIntValue("NS_SOAK_SECONDS");
    if (parser.isSet(secondsOption))
        seconds = parser.value(secondsOption).toInt();
    seconds = std::max(10, seconds);
    const double rate = std::max(1.0, parser.value(rateOption).toDouble());
    const int idleSeconds = std::clamp(parser.value(idleOption).toInt(), 1, std::max(1, seconds / 10));
    // The first minute is the warm-up; a short try scales it down to a third of the soak.
    const double warmUp = std::min(60.0, seconds / 3.0);
    const int messages = static_cast<int>(rate * seconds);

    const bench::BenchBroker broker(parser.value(bootstrapOption));
    const QString bootstrap = broker.bootstrap();
    if (bootstrap.isEmpty())
        return 1;
    const QString topic = test::BrokerEnvironment::newTopic();
    QString error;
    if (!test::PythonTools::admin(bootstrap, {QStringLiteral("create-topics"), topic}, &error)) {
        err << "creating the topic failed: " << error << Qt::endl;
        return 1;
    }

    QTemporaryDir work;
    const QString dbPath = work.filePath(QStringLiteral("inbox.sqlite"));
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench-ui"));
    Ticks idleTicks, soakTicks;
    // Per minute of the soak, allocated now (with room for the producer running late).
    QVector<Ticks> minuteTicks(seconds / 60 + 3);
    int currentMinute = 0;
    QVector<MemorySample> memory;
    memory.reserve(seconds * 1000 / MemoryEveryMs + 64);
    qint64 stored = 0, unreadLeft = 0;
    int reads = 0;
    double soakSeconds = 0;
    double trimmedMb = -1; // RSS at the end once malloc gave back what it keeps freed.
    bool producerOk = false;
    {
        StoreError storeError;
        QSqlDatabase db = Database::open(dbPath, connection, &storeError);
        if (!db.isValid()) {
            err << "cannot open the store: " << storeError.text << Qt::endl;
            return 1;
        }
        MessageStore store(db);
        MainWindow window(&store, topic);
        window.show();
        auto *list = window.findChild<MessageListView *>();
        if (!list) {
            err << "the window has no MessageListView" << Qt::endl;
            return 1;
        }
        ConnectionSettings settings;
        settings.bootstrapServers = bootstrap;
        settings.userUuid = topic;
        IngestService ingest(settings, dbPath, RdKafkaSource::factory(settings));
        window.follow(&ingest);
        bool caughtUp = false;
        QObject::connect(&ingest, &IngestService::caughtUp, &window, [&] { caughtUp = true; });
        ingest.start();
        if (!spinUntil([&] { return caughtUp; }, 60'000)) {
            err << "the inbox did not catch up with the empty topic within 60 s" << Qt::endl;
            ingest.stop();
            return 1;
        }

        StallProbe stalls;
        stalls.start();
        err << "idle window for " << idleSeconds << " s ..." << Qt::endl;
        stalls.record(&idleTicks);
        QElapsedTimer idleClock;
        idleClock.start();
        spinUntil([&] { return idleClock.elapsed() >= idleSeconds * 1000; }, idleSeconds * 1000 + 1000);

        err << "soak: " << seconds << " s, " << rate << " messages/s, a message read every " << ReadEveryMs / 1000 << " s ..." << Qt::endl;
        QElapsedTimer clock;
        const auto now = [&clock] { return static_cast<double>(clock.nsecsElapsed()) / 1e9; };
        // The window's own per-bucket counts (a small table): no count over the messages mid-soak.
        const auto storedNow = [&window] {
            StoreError countError;
            const MessageIndex::BucketCounts counts = window.index()->counts(&countError);
            return std::accumulate(counts.begin(), counts.end(), qint64{0});
        };
        QTimer sampler;
        QObject::connect(&sampler, &QTimer::timeout, [&] {
            memory.append(MemorySample::at(now()));
            const int minute = std::min(static_cast<int>(now() / 60), static_cast<int>(minuteTicks.size()) - 1);
            if (minute > currentMinute) {
                // The minute that ended: one line, so a long soak shows how it goes.
                const Ticks &m = minuteTicks.at(currentMinute);
                const MemorySample &latest = memory.constLast();
                err << "  minute " << currentMinute + 1 << ": RSS " << QString::number(latest.rssMb, 'f', 1) << " MB, SQLite "
                    << QString::number(latest.sqliteMb, 'f', 2) << " MB, malloc in use "
                    << QString::number(latest.malloc.inUseMb, 'f', 2) << " MB (free in its arenas "
                    << QString::number(latest.malloc.freeMb, 'f', 2) << " MB), longest stall " << ms(m.longest()) << " ("
                    << ms(m.cpuInLongest()) << " of it the UI thread's work), p99 " << ms(m.p99()) << ", stored "
                    << storedNow() << ", read " << reads << Qt::endl;
                currentMinute = minute;
                stalls.record(&minuteTicks[currentMinute]);
            }
        });
        QTimer reader;
        QObject::connect(&reader, &QTimer::timeout, [&] {
            // As a person reading: the next unread message below, else the newer ones above.
            const qint64 before = list->currentMessageId();
            window.actions()->nextUnread->trigger();
            if (list->currentMessageId() == before)
                window.actions()->previousUnread->trigger();
            if (list->currentMessageId() != before)
                ++reads;
        });
        QProcess producer;
        producer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        producer.start(test::BrokerEnvironment::python(),
                       {qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/bench/latency_producer.py"),
                        QStringLiteral("--bootstrap"), bootstrap, QStringLiteral("--topic"), topic, QStringLiteral("--count"),
                        QString::number(messages), QStringLiteral("--rate"), QString::number(rate)});
        clock.start();
        stalls.record(&minuteTicks[0]);
        memory.append(MemorySample::at(0));
        sampler.start(MemoryEveryMs);
        reader.start(ReadEveryMs);
        // The producer paces itself against a schedule: it ends when the soak's messages are sent.
        spinUntil([&] { return producer.state() == QProcess::NotRunning; }, (seconds + 120) * 1000LL);
        producerOk = producer.state() == QProcess::NotRunning && producer.exitStatus() == QProcess::NormalExit && producer.exitCode() == 0;
        if (!producerOk) {
            err << "the producer did not finish in time" << Qt::endl;
            producer.kill();
            producer.waitForFinished();
        }
        soakSeconds = now();
        memory.append(MemorySample::at(soakSeconds));
#ifdef __GLIBC__
        // What of the RSS is memory malloc keeps after it was freed: malloc_trim hands its free
        // pages back (anywhere in its arenas), so what is left is memory in use.
        malloc_trim(0);
        trimmedMb = residentMb();
#endif
        reader.stop();
        sampler.stop();
        stalls.stop();
        // Not measured: the last messages sent reach the store.
        spinUntil([&] { return store.messageCount() >= messages; }, 30'000);
        stored = store.messageCount();
        StoreError unreadError;
        unreadLeft = window.index()->unreadCount(&unreadError);
        ingest.stop();
    }
    Database::close(connection);
    for (const Ticks &m : minuteTicks)
        soakTicks.append(m);

    const MemorySample start = memory.constFirst(), warm = sampleAt(memory, warmUp), end = memory.constLast();
    double peak = 0;
    for (const MemorySample &s : memory)
        peak = std::max(peak, s.rssMb);
    const double growth = end.rssMb - warm.rssMb;
    const double longest = soakTicks.longest(), idleLongest = idleTicks.longest();
    const Ticks &firstMinute = minuteTicks.constFirst();
    // The last whole minute (a soak shorter than two minutes: the last one there is).
    const qsizetype wholeMinutes = std::min<qsizetype>(static_cast<qsizetype>(soakSeconds / 60), currentMinute + 1);
    const Ticks &lastMinute = wholeMinutes >= 2 ? minuteTicks.at(wholeMinutes - 1) : minuteTicks.at(currentMinute);

    out << "soak benchmark: the window open " << qRound(soakSeconds) << " s (offscreen) under " << rate << " messages/s from kafka-python, a message read every "
        << ReadEveryMs / 1000 << " s; " << stored << " of " << messages << " messages stored, " << reads << " read by the reader, " << unreadLeft
        << " unread at the end" << (producerOk ? "" : "; the producer FAILED") << Qt::endl;
    out << "  RSS: " << QString::number(start.rssMb, 'f', 1) << " MB at the start, " << QString::number(warm.rssMb, 'f', 1) << " MB after "
        << qRound(warmUp) << " s, " << QString::number(end.rssMb, 'f', 1) << " MB at the end, peak " << QString::number(peak, 'f', 1)
        << " MB; SQLite's heap " << QString::number(start.sqliteMb, 'f', 2) << " / " << QString::number(warm.sqliteMb, 'f', 2) << " / "
        << QString::number(end.sqliteMb, 'f', 2) << " MB" << Qt::endl;
    out << "  of the RSS, anonymous memory: " << QString::number(start.anonMb, 'f', 1) << " / " << QString::number(warm.anonMb, 'f', 1)
        << " / " << QString::number(end.anonMb, 'f', 1) << " MB; malloc's, in use: " << QString::number(start.malloc.inUseMb, 'f', 2)
        << " / " << QString::number(warm.malloc.inUseMb, 'f', 2) << " / " << QString::number(end.malloc.inUseMb, 'f', 2)
        << " MB, freed but kept in its arenas: " << QString::number(start.malloc.freeMb, 'f', 2) << " / "
        << QString::number(warm.malloc.freeMb, 'f', 2) << " / " << QString::number(end.malloc.freeMb, 'f', 2)
        << " MB; RSS at the end after malloc_trim(0): " << QString::number(trimmedMb, 'f', 1) << " MB" << Qt::endl;
    out << "  UI lateness: " << soakTicks.ticks << " ticks of " << HeartbeatMs << " ms; late by over 100 ms: "
        << soakTicks.lateBy(StallAimMs) << ", over 50 ms: " << soakTicks.lateBy(50) << "; the UI thread's own CPU time between two ticks, at most: "
        << ms(soakTicks.mostCpu()) << " (idle: " << ms(idleTicks.mostCpu()) << ")" << Qt::endl;
    out << Qt::endl << "| measure | NS Inbox | beside it, in the same run | ratio | aim |" << Qt::endl << "|---|---|---|---|---|" << Qt::endl;
    const QString what = QStringLiteral("soak: the window open %1 s under %2 msg/s, a message read every %3 s")
                             .arg(qRound(soakSeconds))
                             .arg(rate)
                             .arg(ReadEveryMs / 1000);
    row(what + QStringLiteral(": memory growth after the first %1 s").arg(qRound(warmUp)),
        QStringLiteral("%1%2 MB (%3 to %4 MB; trend %5 MB/h)")
            .arg(growth >= 0 ? QStringLiteral("+") : QString())
            .arg(growth, 0, 'f', 1)
            .arg(warm.rssMb, 0, 'f', 1)
            .arg(end.rssMb, 0, 'f', 1)
            .arg(slopeMbPerHour(memory, warmUp), 0, 'f', 1),
        QStringLiteral("the first %1 s: %2 MB; after it, malloc's memory in use: %3 MB, SQLite's own heap: %4 MB")
            .arg(qRound(warmUp))
            .arg(warm.rssMb - start.rssMb, 0, 'f', 1)
            .arg(end.malloc.inUseMb - warm.malloc.inUseMb, 0, 'f', 2)
            .arg(end.sqliteMb - warm.sqliteMb, 0, 'f', 2),
        QString(), verdict(growth < GrowthAimMb, QStringLiteral("under 5 MB")));
    row(what + QStringLiteral(": longest UI stall"),
        QStringLiteral("%1 (the UI thread's own CPU time within it: %2)").arg(ms(longest), ms(soakTicks.cpuInLongest())),
        QStringLiteral("the same window idle (no messages, no reader) for %1 s: %2").arg(idleSeconds).arg(ms(idleLongest)),
        ratio(longest, idleLongest), verdict(longest >= 0 && longest <= StallAimMs, QStringLiteral("none over 100 ms")));
    row(what + QStringLiteral(": p99 UI lateness"), ms(soakTicks.p99()), QStringLiteral("idle: %1").arg(ms(idleTicks.p99())),
        ratio(soakTicks.p99(), idleTicks.p99()), QString());
    row(what + QStringLiteral(": longest UI stall, the last minute"), ms(lastMinute.longest()),
        QStringLiteral("the first minute: %1").arg(ms(firstMinute.longest())), ratio(lastMinute.longest(), firstMinute.longest()), QString());
    return stored >= messages && producerOk ? 0 : 1;
}
