// bench_statesync: the benchmark row of issue 14 (read state that follows the user across desktops).
//
// Two desktops of one user run in this process against the real broker, each as the window wires
// it: its own SQLite file, an IngestService (the user's message topic) and a StateSyncService (the
// user's state topic, `<uuid>.state`), with the real Kafka clients. One process, so both ends read
// one monotonic clock. Two figures, each beside a baseline measured in the same run:
//
// 1. Mark as read on A to shown as read on B. Both desktops first ingest `--marks` messages that
//    kafka-python produced to the user's topic. Then A marks them read one by one, `--rate` a second,
//    the way the window does (issue 21): an InboxCommand handed to A's StoreWriter, which writes it
//    off the UI thread and journals it for the other desktops in the same transaction; when it is
//    written, StateSyncService::changesQueued() (InboxController::onChangesStored).
//    A mark's latency ends when B's StateSyncService::stateApplied() arrives in B's main thread
//    naming that message among nowReadIds: that signal is what the window re-reads its rows and
//    withdraws notifications on (the repaint itself is not in the figure). From just before A's
//    submit() to that signal: the first mark of the session included, and counted.
//    Baseline: the existing pipeline one way, same count and pacing: a message produced to the
//    user's topic by kafka-python (tests/bench/latency_producer.py: the wall clock just before
//    send() is in its subject) to B's IngestService::batchStored() for it in B's main thread.
//
// 2. "Mark all as read" over `--messages` messages (1,000,000 by default) spread over the user's
//    topic's `--partitions` partitions, generated with SQL in one transaction; B starts as a copy of
//    A's file (made before either desktop has an id). A submits MarkBucketsRead on the inbox's
//    buckets to its StoreWriter, as the window's Mark All as Read does. Figures: the records and bytes (key +
//    value) that reached the state topic, read back from the broker between the watermarks before
//    and after; beside them, what one read record per message would have been (StateRecordCodec's
//    size of a typical per-message record, times the messages). And the time: until A's writer
//    confirmed it, in slices off the UI thread (beside a bare `UPDATE messages SET is_read = 1` over
//    the same rows on a third copy, what SQLite alone takes to flip the flags), and from the click
//    until B applied it (B's unread count 0).
//
//   bench_statesync [--bootstrap HOST:PORT] [--marks 500] [--rate 20] [--runs N]
//                   [--messages 1000000] [--partitions 8]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (run-benchmarks.sh sets it), else a private
// one. Prints per-run lines on stdout and the table rows; never fails on a figure (exit 1 only
// when something did not arrive at all).
#include "BenchBroker.h"
#include "BenchEventLoop.h"
#include "BenchStats.h"
#include "BrokerEnvironment.h"
#include "Database.h"
#include "InboxFilter.h"
#include "IngestService.h"
#include "MessageIndex.h"
#include "PythonTools.h"
#include "RdKafkaSource.h"
#include "StateRecord.h"
#include "StateStore.h"
#include "StateSyncService.h"
#include "StateTopicAdmin.h"
#include "StoreWriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

// Generous: the machine is shared. Nothing waits this long when things work.
constexpr int TimeoutMs = 120'000;

qint64 wallClockNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Runs the event loop, asleep between events, until `done()` or the timeout; true when done.
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    return bench::waitUntil(done, timeoutMs);
}

// Waits until `arrived()` reaches `expected`, or nothing more has arrived for QuietMs: what is
// still missing then was lost, not late (every figure here is well under a second).
constexpr int QuietMs = 15'000;
bool waitForAll(const std::function<qsizetype()> &arrived, qsizetype expected)
{
    qsizetype seen = arrived();
    QElapsedTimer quiet;
    quiet.start();
    // Woken by every event, so each arrival restarts the quiet clock.
    bench::waitUntil([&] {
        if (arrived() != seen) {
            seen = arrived();
            quiet.start();
        }
        return seen >= expected || quiet.elapsed() >= QuietMs;
    }, std::numeric_limits<int>::max());
    return seen >= expected;
}

QString benchScript(const QString &name)
{
    return qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/bench/") + name;
}

// kafka-python sends `count` timed messages to `topic` at `rate` a second (latency_producer.py).
void startProducer(QProcess *producer, const QString &bootstrap, const QString &topic, int count, double rate)
{
    producer->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    producer->start(test::BrokerEnvironment::python(),
                    {benchScript(QStringLiteral("latency_producer.py")), QStringLiteral("--bootstrap"), bootstrap,
                     QStringLiteral("--topic"), topic, QStringLiteral("--count"), QString::number(count),
                     QStringLiteral("--rate"), QString::number(rate)});
}

qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

/// One desktop of the user: its database file, the threads the window starts beside itself
/// (ingest when asked, state sync always, the StoreWriter for a person's changes), and a
/// connection in this (the main) thread for what the UI reads.
class Desktop
{
public:
    Desktop(QString name, QString path, ConnectionSettings settings)
        : m_name(std::move(name)), m_path(std::move(path)), m_settings(std::move(settings)),
          m_connection(Database::uniqueConnectionName(QStringLiteral("bench-statesync-") + m_name))
    {
        StoreError error;
        m_db = Database::open(m_path, m_connection, &error);
        if (!m_db.isValid())
            m_error = error.text;
        else
            m_index = std::make_unique<MessageIndex>(m_db);
    }
    ~Desktop()
    {
        stop();
        m_index.reset();
        m_db = {};
        Database::close(m_connection);
    }
    Desktop(const Desktop &) = delete;
    Desktop &operator=(const Desktop &) = delete;

    bool isValid() const { return m_index != nullptr; }
    QString errorText() const { return m_error; }
    QString name() const { return m_name; }

    void start(bool withIngest)
    {
        if (withIngest) {
            m_ingest = std::make_unique<IngestService>(m_settings, m_path, RdKafkaSource::factory(m_settings));
            QObject::connect(m_ingest.get(), &IngestService::caughtUp, m_ingest.get(), [this] { m_ingestCaughtUp = true; });
            m_ingest->start();
        }
        m_sync = std::make_unique<StateSyncService>(m_settings.userUuid, m_path, StateTopicAdmin::clients(m_settings));
        m_sync->start();
        // As InboxController::onChangesStored: a written change is sent now, not at the next check.
        m_writer = std::make_unique<StoreWriter>(m_path);
        QObject::connect(m_writer.get(), &StoreWriter::commandFinished, m_sync.get(),
                         [this](const InboxCommandResult &) { m_sync->changesQueued(); });
    }
    void stop()
    {
        m_writer.reset(); // finishes what was submitted
        if (m_sync)
            m_sync->stop();
        if (m_ingest)
            m_ingest->stop();
    }
    /// Both threads read their topics to the end once (LocalOnly would never sync: a failure here).
    bool caughtUp() const { return (!m_ingest || m_ingestCaughtUp) && m_sync && m_sync->isCaughtUp(); }
    QString syncStatus() const
    {
        return m_sync ? stateSyncStatusName(m_sync->status()) + QStringLiteral(" ") + m_sync->statusDetail() : QString();
    }

    QSqlDatabase database() const { return m_db; }
    MessageIndex &index() { return *m_index; }
    StateSyncService &sync() { return *m_sync; }
    StoreWriter &writer() { return *m_writer; }
    IngestService &ingest() { return *m_ingest; }

    qint64 messageCount() const { return scalar(m_db, QStringLiteral("SELECT count(*) FROM messages")); }
    /// Local ids by offset of one partition of the user's topic (ids differ between desktops,
    /// coordinates do not).
    QHash<qint64, qint64> idsByOffset(int partition) const
    {
        QHash<qint64, qint64> ids;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT kafka_offset, id FROM messages WHERE kafka_topic = ? AND kafka_partition = ?"));
        q.addBindValue(m_settings.userUuid);
        q.addBindValue(partition);
        if (q.exec()) {
            while (q.next())
                ids.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
        }
        return ids;
    }
    /// This desktop's changes not read back from the state topic yet.
    qint64 pendingStateChanges()
    {
        StoreError error;
        return StateStore(m_db).pendingCount(&error);
    }
    QString desktopId()
    {
        StoreError error;
        return StateStore(m_db).desktopId(&error);
    }

private:
    QString m_name;
    QString m_path;
    ConnectionSettings m_settings;
    QString m_connection;
    QString m_error;
    QSqlDatabase m_db;
    std::unique_ptr<MessageIndex> m_index;
    std::unique_ptr<IngestService> m_ingest;
    std::unique_ptr<StateSyncService> m_sync;
    std::unique_ptr<StoreWriter> m_writer;
    bool m_ingestCaughtUp = false;
};

ConnectionSettings newUser(const QString &bootstrap)
{
    ConnectionSettings settings;
    settings.bootstrapServers = bootstrap;
    settings.userUuid = test::BrokerEnvironment::newTopic(); // a fresh UUID: a user of its own per run
    return settings;
}

// ---- 1. Mark as read on A to shown as read on B, beside produce to stored on B ----

struct LatencyRun
{
    QVector<double> markMs;    ///< Mark on A -> stateApplied on B naming it, per message.
    QVector<double> produceMs; ///< send() by kafka-python -> batchStored on B, per message.
    int slowestMark = -1;      ///< Which mark took longest (0 = the first: a producer still connecting).
    double firstMarkMs = -1;   ///< The session's first mark (until issue 21: 0.5-0.8 s, a topic lookup).
    int expected = 0;
};

LatencyRun latencyRun(const QString &bootstrap, int marks, double rate)
{
    LatencyRun result;
    result.expected = marks;
    const ConnectionSettings settings = newUser(bootstrap);
    const QString topic = settings.userUuid;
    QString error;
    if (!test::PythonTools::admin(bootstrap, {QStringLiteral("create-topics"), topic}, &error)) {
        err << "creating the user's topic failed: " << error << Qt::endl;
        return result;
    }
    QTemporaryDir work;
    Desktop a(QStringLiteral("a"), work.filePath(QStringLiteral("a.sqlite")), settings);
    Desktop b(QStringLiteral("b"), work.filePath(QStringLiteral("b.sqlite")), settings);
    if (!a.isValid() || !b.isValid()) {
        err << "cannot open the stores: " << a.errorText() << b.errorText() << Qt::endl;
        return result;
    }
    a.start(true);
    b.start(true);
    if (!spinUntil([&] { return a.caughtUp() && b.caughtUp(); }, TimeoutMs)) {
        err << "the desktops did not catch up: A " << a.syncStatus() << ", B " << b.syncStatus() << Qt::endl;
        return result;
    }

    // The messages to mark, on both desktops: produced as fast as kafka-python sends one by one.
    {
        QProcess seed;
        startProducer(&seed, bootstrap, topic, marks, 1000);
        seed.waitForFinished(TimeoutMs);
        if (!spinUntil([&] { return a.messageCount() == marks && b.messageCount() == marks; }, TimeoutMs)) {
            err << "the desktops did not store the " << marks << " messages: A " << a.messageCount() << ", B "
                << b.messageCount() << Qt::endl;
            return result;
        }
    }
    const QHash<qint64, qint64> idsOnA = a.idsByOffset(0);
    QHash<qint64, int> markOfIdOnB; // B's id -> which mark (= the message's offset)
    const QHash<qint64, qint64> idsOnB = b.idsByOffset(0);
    for (auto it = idsOnB.cbegin(); it != idsOnB.cend(); ++it)
        markOfIdOnB.insert(it.value(), static_cast<int>(it.key()));

    // Mark on A, paced against a schedule (i / rate after the first), as a reader clicks through.
    QElapsedTimer clock;
    clock.start();
    QVector<qint64> markedNs(marks, -1);
    QObject::connect(&b.sync(), &StateSyncService::stateApplied, &b.sync(), [&](const StateApplyResult &applied) {
        const qint64 now = clock.nsecsElapsed();
        for (const qint64 id : applied.nowReadIds) {
            const int i = markOfIdOnB.value(id, -1);
            if (i >= 0 && markedNs.at(i) >= 0) {
                result.markMs.append(static_cast<double>(now - markedNs.at(i)) / 1e6);
                if (i == 0)
                    result.firstMarkMs = result.markMs.constLast();
                if (result.markMs.constLast() >= *std::max_element(result.markMs.cbegin(), result.markMs.cend()))
                    result.slowestMark = i;
                markedNs[i] = -1; // counted once
            }
        }
    });
    const qint64 intervalNs = static_cast<qint64>(1e9 / rate);
    for (int i = 0; i < marks; ++i) {
        const qint64 due = i * intervalNs;
        spinUntil([&] { return clock.nsecsElapsed() >= due; }, TimeoutMs);
        markedNs[i] = clock.nsecsElapsed();
        a.writer().submit(InboxCommand::setRead(idsOnA.value(i, -1), true));
    }
    // A mark that was lost never comes: give up once none has come for a while.
    if (!waitForAll([&] { return result.markMs.size(); }, marks))
        err << "only " << result.markMs.size() << " of " << marks << " marks were shown on B; A has "
            << a.pendingStateChanges() << " change(s) not read back" << Qt::endl;

    // Baseline: the same number of messages, same pacing, produced to B's inbox.
    qint64 lastIdOnB = scalar(b.database(), QStringLiteral("SELECT max(id) FROM messages"));
    QObject::connect(&b.ingest(), &IngestService::batchStored, &b.ingest(), [&](const BatchResult &) {
        const qint64 now = wallClockNs();
        QSqlQuery q(b.database());
        q.prepare(QStringLiteral("SELECT id, subject FROM messages WHERE id > ? ORDER BY id"));
        q.addBindValue(lastIdOnB);
        if (!q.exec())
            return;
        while (q.next()) {
            lastIdOnB = q.value(0).toLongLong();
            // "latency <i> <wall-clock ns just before send()>"
            const QStringList parts = q.value(1).toString().split(QLatin1Char(' '));
            if (parts.size() == 3)
                result.produceMs.append(static_cast<double>(now - parts.at(2).toLongLong()) / 1e6);
        }
    });
    QProcess producer;
    startProducer(&producer, bootstrap, topic, marks, rate);
    if (!spinUntil([&] { return result.produceMs.size() == marks || producer.state() == QProcess::NotRunning; },
                   static_cast<int>(marks / rate * 1000) + TimeoutMs)
        || !waitForAll([&] { return result.produceMs.size(); }, marks))
        err << "only " << result.produceMs.size() << " of " << marks << " produced messages were stored on B" << Qt::endl;
    producer.waitForFinished(TimeoutMs);
    a.stop();
    b.stop();
    return result;
}

// ---- 2. Mark all as read over a million messages ----

struct MarkAllRun
{
    qint64 messages = 0;
    qint64 changedOnA = -1;
    double sqlOnAMs = -1;     ///< The click on A until A's StoreWriter confirmed it (all slices written).
    qint64 slicesOnA = 0;     ///< Transactions it took.
    double bareUpdateMs = -1; ///< UPDATE messages SET is_read = 1 on a copy: SQLite alone.
    double untilBMs = -1;     ///< From the click on A until B's unread count is 0.
    qint64 records = -1;      ///< Records that reached the state topic.
    qint64 bytes = -1;        ///< Their keys and values.
};

// `messages` unread inbox messages over the user's topic's `partitions` partitions (message i at
// partition i % partitions, offset i / partitions: distinct coordinates), in one transaction.
// Straight into the table: the search index is not filled (mark all as read does not read it).
bool generateMessages(const QString &path, const QString &topic, qint64 messages, int partitions)
{
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench-statesync-generate"));
    bool ok = false;
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, connection, &error);
        if (!db.isValid()) {
            err << "cannot open " << path << ": " << error.text << Qt::endl;
        } else {
            QSqlQuery q(db);
            q.prepare(QStringLiteral(
                          "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %1)"
                          " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
                          " received_date)"
                          " SELECT 'bench-' || i, 'Message ' || i, 'Body of message ' || i, 1700000000000 + i * 1000, ?, i % %2,"
                          " i / %2, 1700000000000 + i * 1000 FROM n")
                          .arg(messages)
                          .arg(partitions));
            q.addBindValue(topic);
            ok = db.transaction() && q.exec() && db.commit();
            if (!ok)
                err << "generating the messages failed: " << q.lastError().text() << db.lastError().text() << Qt::endl;
        }
    }
    Database::close(connection); // all written back to the main file: it can be copied now
    return ok;
}

// What SQLite alone takes to flip the read flag of the same rows (the message_counts triggers
// included, as on A), on a copy of the file.
double bareUpdateMs(const QString &path)
{
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench-statesync-bare"));
    double ms = -1;
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, connection, &error);
        QSqlQuery q(db);
        QElapsedTimer clock;
        clock.start();
        if (db.isValid() && db.transaction() && q.exec(QStringLiteral("UPDATE messages SET is_read = 1 WHERE is_read = 0"))
            && db.commit())
            ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    }
    Database::close(connection);
    return ms;
}

// Records between two offsets of the state topic, read back from the broker: how many, and the
// bytes of their keys and values.
bool readStateTopic(const ConnectionSettings &settings, qint64 from, qint64 to, qint64 *records, qint64 *bytes)
{
    QString error;
    std::unique_ptr<RdKafkaSource> source = RdKafkaSource::create(settings, &error);
    SourceProblem problem;
    if (!source || !source->assign({{StateTopic::nameFor(settings.userUuid), StateTopic::Partition, from}}, &problem)) {
        err << "cannot read the state topic: " << error << problem.text << Qt::endl;
        return false;
    }
    *records = 0;
    *bytes = 0;
    qint64 next = from;
    QElapsedTimer clock;
    clock.start();
    while (next < to && clock.elapsed() < TimeoutMs) {
        for (const KafkaRecord &r : source->consume(1000, 100)) {
            if (r.offset >= to)
                continue;
            ++*records;
            *bytes += r.key.value_or(QByteArray()).size() + r.value.value_or(QByteArray()).size();
            next = r.offset + 1;
        }
    }
    source->close();
    return next >= to;
}

std::optional<std::pair<qint64, qint64>> stateWatermarks(const ConnectionSettings &settings)
{
    QString error;
    std::unique_ptr<RdKafkaSource> source = RdKafkaSource::create(settings, &error);
    if (!source)
        return std::nullopt;
    auto marks = source->watermarks(StateTopic::nameFor(settings.userUuid), StateTopic::Partition, 10'000);
    source->close();
    return marks;
}

MarkAllRun markAllRun(const QString &bootstrap, qint64 messages, int partitions)
{
    MarkAllRun result;
    result.messages = messages;
    const ConnectionSettings settings = newUser(bootstrap);
    QTemporaryDir work;
    const QString pathA = work.filePath(QStringLiteral("a.sqlite"));
    const QString pathB = work.filePath(QStringLiteral("b.sqlite"));
    const QString pathBare = work.filePath(QStringLiteral("bare.sqlite"));
    QElapsedTimer clock;
    clock.start();
    if (!generateMessages(pathA, settings.userUuid, messages, partitions))
        return result;
    // B holds the same messages; copied before either desktop made its id (the first StateStore
    // use), so each gets its own.
    if (!QFile::copy(pathA, pathB) || !QFile::copy(pathA, pathBare)) {
        err << "cannot copy the store" << Qt::endl;
        return result;
    }
    out << "  generated " << messages << " messages on " << partitions << " partitions and copied them in "
        << clock.elapsed() << " ms" << Qt::endl;
    result.bareUpdateMs = bareUpdateMs(pathBare);
    QFile::remove(pathBare);

    Desktop a(QStringLiteral("a"), pathA, settings);
    Desktop b(QStringLiteral("b"), pathB, settings);
    if (!a.isValid() || !b.isValid() || a.desktopId() == b.desktopId()) {
        err << "the two desktops did not open as two: " << a.errorText() << b.errorText() << Qt::endl;
        return result;
    }
    // State sync only: the messages were generated, the user's topic holds none of them.
    a.start(false);
    b.start(false);
    if (!spinUntil([&] { return a.caughtUp() && b.caughtUp(); }, TimeoutMs)) {
        err << "the desktops did not catch up: A " << a.syncStatus() << ", B " << b.syncStatus() << Qt::endl;
        return result;
    }
    const auto before = stateWatermarks(settings);
    StoreError error;
    if (!before || a.index().unreadCount(&error) != messages || b.index().unreadCount(&error) != messages) {
        err << "before the action: no watermarks of the state topic, or not all messages unread" << Qt::endl;
        return result;
    }

    // B has applied it when its unread count (the window title's number) is 0; looked at after each
    // stateApplied(), which is when the window would re-read.
    QElapsedTimer sinceClick;
    QObject::connect(&b.sync(), &StateSyncService::stateApplied, &b.sync(), [&](const StateApplyResult &) {
        StoreError e;
        if (result.untilBMs < 0 && b.index().unreadCount(&e) == 0)
            result.untilBMs = static_cast<double>(sinceClick.nsecsElapsed()) / 1e6;
    });
    sinceClick.start();
    const MessageIndex::Snapshot snapshot = a.index().snapshot(&error);
    QObject::connect(&a.writer(), &StoreWriter::commandFinished, &a.writer(), [&](const InboxCommandResult &done) {
        result.sqlOnAMs = static_cast<double>(sinceClick.nsecsElapsed()) / 1e6;
        result.changedOnA = done.ok() ? done.changed : -1;
        result.slicesOnA = done.slices;
        if (!done.ok())
            err << "mark all as read failed on A: " << done.error.text << Qt::endl;
    });
    a.writer().submit(InboxCommand::markBucketsRead(MessageBucket::of(InboxFilter::Inbox), snapshot.maxId));
    if (!spinUntil([&] { return result.untilBMs >= 0; }, 10 * TimeoutMs))
        err << "B did not apply the mark all as read (unread: " << b.index().unreadCount(&error) << ")" << Qt::endl;
    // A's records are on the topic once A read them back (its outbox empty).
    if (!spinUntil([&] { return a.pendingStateChanges() == 0; }, TimeoutMs))
        err << "A's records did not come back from the state topic" << Qt::endl;
    a.stop();
    b.stop();
    const auto after = stateWatermarks(settings);
    if (!after || !readStateTopic(settings, before->second, after->second, &result.records, &result.bytes)) {
        result.records = result.bytes = -1;
        err << "cannot read what reached the state topic" << Qt::endl;
    }
    return result;
}

// The size (key + value) of the record one message marked read writes: what "mark all as read"
// would cost per message if it were written message by message. A typical coordinate: the user's
// topic (a UUID), a one-digit partition, a six-digit offset; UUIDs for the ids, a current time.
qint64 perMessageRecordBytes(const QString &topic, qint64 messages, int partitions)
{
    StateChange change;
    change.field = StateField::Read;
    change.message = {topic, partitions - 1, std::max<qint64>(1, messages / partitions)};
    change.value = 1;
    change.desktopId = test::BrokerEnvironment::newTopic();
    change.changeId = test::BrokerEnvironment::newTopic();
    change.madeAtMs = QDateTime::currentMSecsSinceEpoch();
    return StateRecordCodec::key(change).size() + StateRecordCodec::encode(change).size();
}

// The percentile of a run's latencies where what never arrived counts as infinitely late: a lost
// mark must not make the figure look better. -1 (printed "failed") when it falls on a lost one.
double percentileCountingLost(QVector<double> arrived, int expected, double p)
{
    if (arrived.isEmpty())
        return -1;
    while (arrived.size() < expected)
        arrived.append(std::numeric_limits<double>::infinity());
    const double v = bench::percentile(arrived, p);
    return std::isinf(v) ? -1 : v;
}

QString number(double v, int decimals = 1)
{
    return v < 0 ? QStringLiteral("failed") : QString::number(v, 'f', decimals);
}

QString ms(double v)
{
    return v < 0 ? QStringLiteral("failed") : number(v) + QStringLiteral(" ms");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("NS_TEST_SOURCE_DIR"))
        qputenv("NS_TEST_SOURCE_DIR", NS_SOURCE_DIR);
    qRegisterMetaType<ns::StateApplyResult>();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Read state across two desktops: mark as read to shown on the other, and what Mark All as Read writes."));
    parser.addHelpOption();
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("Broker (default: $NS_TEST_BROKER_ENV's)."),
                                             QStringLiteral("servers"));
    const QCommandLineOption marksOption(QStringLiteral("marks"), QStringLiteral("Messages marked read per run (default 500)."),
                                         QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Marks (and baseline messages) per second (default 20)."),
                                        QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of the latency figure (default 3)."),
                                        QStringLiteral("n"));
    const QCommandLineOption messagesOption(QStringLiteral("messages"),
                                            QStringLiteral("Messages Mark All as Read covers (default 1000000; 0: skip)."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption partitionsOption(QStringLiteral("partitions"),
                                              QStringLiteral("Partitions of the user's topic they are spread over (default 8)."),
                                              QStringLiteral("n"), QStringLiteral("8"));
    parser.addOptions({bootstrapOption, marksOption, rateOption, runsOption, messagesOption, partitionsOption});
    parser.process(app);

    const bench::BenchBroker broker(parser.value(bootstrapOption));
    const QString bootstrap = broker.bootstrap();
    if (bootstrap.isEmpty())
        return 1;
    const int marks = std::max(1, parser.value(marksOption).toInt());
    const double rate = std::max(1.0, parser.value(rateOption).toDouble());
    const int runs = parser.isSet(runsOption) ? std::max(1, parser.value(runsOption).toInt()) : bench::runsFromEnvironment(3);
    const qint64 messages = std::max<qint64>(0, parser.value(messagesOption).toLongLong());
    const int partitions = std::max(1, parser.value(partitionsOption).toInt());

    out << "state sync benchmark: " << marks << " marks at " << rate << "/s, " << runs << " runs; mark all as read over "
        << messages << " messages; broker " << bootstrap << Qt::endl;
    QVector<double> p50s, p99s, worsts, firsts, baseP50s, baseP99s, baseWorsts, baseFirsts;
    QVector<double> shownP99s; // of the marks that did arrive: the latency apart from the losses
    int lostMarks = 0, lostMessages = 0;
    for (int run = 1; run <= runs; ++run) {
        const LatencyRun r = latencyRun(bootstrap, marks, rate);
        lostMarks += r.expected - static_cast<int>(r.markMs.size());
        lostMessages += r.expected - static_cast<int>(r.produceMs.size());
        p50s.append(percentileCountingLost(r.markMs, r.expected, 50));
        p99s.append(percentileCountingLost(r.markMs, r.expected, 99));
        worsts.append(percentileCountingLost(r.markMs, r.expected, 100));
        firsts.append(r.firstMarkMs);
        baseFirsts.append(r.produceMs.isEmpty() ? -1 : r.produceMs.constFirst()); // the first to arrive
        baseP50s.append(percentileCountingLost(r.produceMs, r.expected, 50));
        baseP99s.append(percentileCountingLost(r.produceMs, r.expected, 99));
        baseWorsts.append(percentileCountingLost(r.produceMs, r.expected, 100));
        out << "  run " << run << ": mark on A -> stateApplied on B (" << r.markMs.size() << "/" << r.expected << " shown): p50 "
            << ms(p50s.constLast()) << ", p99 " << ms(p99s.constLast()) << ", worst " << ms(worsts.constLast())
            << " (mark #" << r.slowestMark + 1 << "), the first " << ms(r.firstMarkMs)
            << "; produce -> stored on B (" << r.produceMs.size() << "/" << r.expected << "): p50 " << ms(baseP50s.constLast())
            << ", p99 " << ms(baseP99s.constLast()) << ", worst " << ms(baseWorsts.constLast()) << Qt::endl;
        shownP99s.append(bench::percentile(r.markMs, 99));
        if (r.markMs.size() < r.expected) // then the percentiles of what did come, for the record
            out << "    of the marks shown: p50 " << ms(bench::percentile(r.markMs, 50)) << ", p99 "
                << ms(bench::percentile(r.markMs, 99)) << ", worst " << ms(bench::percentile(r.markMs, 100)) << Qt::endl;
    }

    MarkAllRun all;
    if (messages > 0) {
        all = markAllRun(bootstrap, messages, partitions);
        out << "  mark all as read: " << all.changedOnA << " marked on A in " << ms(all.sqlOnAMs) << " (bare UPDATE "
            << ms(all.bareUpdateMs) << "), B applied it " << ms(all.untilBMs) << " after the click; "
            << all.records << " record(s), " << all.bytes << " bytes on the state topic" << Qt::endl;
    }

    out << Qt::endl
        << "| measure | NS Inbox | beside it, in the same run | ratio | aim |" << Qt::endl
        << "|---|---|---|---|---|" << Qt::endl;
    const QString what = QStringLiteral("state sync: mark as read on desktop A to stateApplied on desktop B"
                                        " (before the repaint), %1 marks at %2/s")
                             .arg(marks)
                             .arg(rate);
    const QString anchor =
        QStringLiteral("produce (kafka-python) to stored on B (batchStored), %1 messages at %2/s: ").arg(marks).arg(rate);
    const auto lostNote = [&](int lost) {
        return lost > 0 ? QStringLiteral(" (%1 of %2 never arrived)").arg(lost).arg(runs * marks) : QString();
    };
    const auto row = [&](const char *name, const QVector<double> &ours, const QVector<double> &theirs, const char *aim) {
        out << "| " << what << ": " << name << " | " << bench::spread(ours, QStringLiteral("ms")) << lostNote(lostMarks) << " | "
            << anchor << bench::spread(theirs, QStringLiteral("ms")) << lostNote(lostMessages) << " | "
            << bench::spread(bench::ratios(ours, theirs), QStringLiteral("x")) << " | " << aim << " |" << Qt::endl;
    };
    row("p50", p50s, baseP50s, "");
    row("p99", p99s, baseP99s, "under 100 ms");
    row("worst", worsts, baseWorsts, "");
    row("the session's first mark", firsts, baseFirsts, "under 100 ms");
    if (lostMarks > 0) {
        // Marks lost are a defect to fix, not a latency; this row says what the rest took.
        out << "| " << what << ": p99 of the marks shown (the lost ones left out) | "
            << bench::spread(shownP99s, QStringLiteral("ms")) << " | " << anchor << bench::spread(baseP99s, QStringLiteral("ms"))
            << " | " << bench::spread(bench::ratios(shownP99s, baseP99s), QStringLiteral("x")) << " | under 100 ms |" << Qt::endl;
    }

    if (messages > 0) {
        const qint64 perMessage = perMessageRecordBytes(test::BrokerEnvironment::newTopic(), messages, partitions);
        const QString over = QStringLiteral("state sync: Mark All as Read over %1 messages on %2 partitions").arg(messages).arg(partitions);
        const bool wrote = all.records > 0 && all.bytes > 0;
        out << "| " << over << ": written to the state topic | " << all.records << " records, " << all.bytes << " bytes"
            << " | one read record per message: " << messages << " records, " << messages * perMessage << " bytes (" << perMessage
            << " each) | "
            << (wrote ? QStringLiteral("1/%1 of the bytes").arg(number(static_cast<double>(messages * perMessage) / all.bytes, 0))
                      : QStringLiteral("failed"))
            << " | a few records |" << Qt::endl;
        out << "| " << over << ": the click on A to its StoreWriter's confirmation (off the UI thread, " << all.changedOnA
            << " marked in " << all.slicesOnA << " slices) | " << number(all.sqlOnAMs, 0)
            << " ms | SQLite alone: UPDATE messages SET is_read = 1, same rows: " << number(all.bareUpdateMs, 0) << " ms | "
            << (all.sqlOnAMs > 0 && all.bareUpdateMs > 0 ? number(all.sqlOnAMs / all.bareUpdateMs, 2) + QStringLiteral(" x")
                                                         : QStringLiteral("failed"))
            << " |  |" << Qt::endl;
        out << "| " << over << ": the click on A to B's unread count 0 | " << number(all.untilBMs, 0)
            << " ms | SQLite alone (as above): " << number(all.bareUpdateMs, 0) << " ms | "
            << (all.untilBMs > 0 && all.bareUpdateMs > 0 ? number(all.untilBMs / all.bareUpdateMs, 2) + QStringLiteral(" x")
                                                         : QStringLiteral("failed"))
            << " |  |" << Qt::endl;
    }
    if (lostMarks > 0 || lostMessages > 0)
        out << Qt::endl << lostMarks << " of " << runs * marks << " mark(s) never shown on B and " << lostMessages << " of "
            << runs * marks << " message(s) never stored on B (counted as infinitely late: a percentile that falls on one says"
            << " failed)." << Qt::endl;
    const bool markAllFailed = messages > 0 && (all.untilBMs < 0 || all.records < 0);
    return lostMarks > 0 || lostMessages > 0 || markAllFailed ? 1 : 0;
}
