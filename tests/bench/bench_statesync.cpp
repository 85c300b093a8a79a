// bench_statesync: the state topic's two figures (issue 14).
//
// 1. Mark as read on one desktop to shown as read on another: two desktops (two databases, two
//    StateSyncServices with the real Kafka clients, one process so both read one clock) of a new
//    user on the broker; desktop A marks 1,000 messages read, 20 a second, the way the window does
//    (MessageIndex::setRead, which queues the change in the same transaction, then
//    StateSyncService::changesQueued()); a mark's latency is the moment B's stateApplied() names
//    the message as now read minus the moment just before A's setRead(). Beside it, in the same
//    run: librdkafka alone, a producer and a consumer in one thread sending records of the same
//    size to a topic of the same kind, produce() to the record consumed: Kafka's own floor.
// 2. "Mark all as read" over 1,000,000 messages (8 partitions, generated straight into a
//    database of this build's schema): the records and bytes (keys and values) it puts on the state
//    topic, read back from the topic, beside what one record per message would write.
//
//   bench_statesync [--bootstrap HOST:PORT] [--marks 1000] [--rate 20] [--runs N] [--messages 1000000]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (run-benchmarks.sh), else a private one.
// Prints p50, p99 and the worst per run and table rows; never fails on a figure.
#include "BenchBroker.h"
#include "BenchStats.h"
#include "Database.h"
#include "InboxFilter.h"
#include "MessageIndex.h"
#include "RdKafkaProducer.h"
#include "RdKafkaSource.h"
#include "StateRecord.h"
#include "StateStore.h"
#include "StateSyncService.h"
#include "StateTopicAdmin.h"
#include "TestInbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUuid>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return done();
}

ConnectionSettings settingsFor(const QString &bootstrap)
{
    ConnectionSettings s;
    s.bootstrapServers = bootstrap;
    s.userUuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return s;
}

QVector<qint64> idsByOffset(const QSqlDatabase &db, int count)
{
    QVector<qint64> ids(count, -1);
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT kafka_offset, id FROM messages WHERE kafka_topic = 't' AND kafka_partition = 0"));
    while (q.next()) {
        const qint64 offset = q.value(0).toLongLong();
        if (offset >= 0 && offset < count)
            ids[offset] = q.value(1).toLongLong();
    }
    return ids;
}

struct Latencies
{
    QVector<double> ms;
    bool complete = false;
};

// One run of figure 1: A marks `marks` messages read at `rate` a second; B's stateApplied() ends each.
Latencies markToShown(const QString &bootstrap, int marks, int rate)
{
    Latencies result;
    QTemporaryDir dir;
    const ConnectionSettings settings = settingsFor(bootstrap);
    TestInbox a(dir.filePath(QStringLiteral("a.sqlite"))), b(dir.filePath(QStringLiteral("b.sqlite")));
    if (!a.addMessages(marks) || !b.addMessages(marks)) {
        err << "cannot fill the databases" << Qt::endl;
        return result;
    }
    const QVector<qint64> idsA = idsByOffset(a.database(), marks), idsB = idsByOffset(b.database(), marks);
    QHash<qint64, int> offsetOfB;
    for (int i = 0; i < marks; ++i)
        offsetOfB.insert(idsB.at(i), i);
    MessageIndex indexA(a.database());
    StateSyncService syncA(settings.userUuid, a.path(), StateTopicAdmin::clients(settings));
    StateSyncService syncB(settings.userUuid, b.path(), StateTopicAdmin::clients(settings));
    QVector<qint64> sentNs(marks, -1);
    QVector<double> latency(marks, -1);
    int shown = 0;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&syncB, &StateSyncService::stateApplied, &syncB, [&](const StateApplyResult &r) {
        const qint64 now = clock.nsecsElapsed();
        for (qint64 id : r.nowReadIds) {
            const int i = offsetOfB.value(id, -1);
            if (i >= 0 && sentNs.at(i) >= 0 && latency.at(i) < 0) {
                latency[i] = double(now - sentNs.at(i)) / 1e6;
                ++shown;
            }
        }
    });
    syncA.start();
    syncB.start();
    if (!spinUntil([&] { return syncA.isCaughtUp() && syncB.isCaughtUp(); }, 60'000)) {
        err << "the desktops did not catch up: " << stateSyncStatusName(syncA.status()) << " " << syncA.statusDetail() << Qt::endl;
        return result;
    }
    const qint64 intervalNs = 1'000'000'000LL / rate;
    const qint64 startNs = clock.nsecsElapsed();
    for (int i = 0; i < marks; ++i) {
        const qint64 due = startNs + i * intervalNs;
        while (clock.nsecsElapsed() < due)
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents,
                                            int(std::max<qint64>(1, (due - clock.nsecsElapsed()) / 1'000'000)));
        sentNs[i] = clock.nsecsElapsed();
        StoreError error;
        if (!indexA.setRead(idsA.at(i), true, &error)) {
            err << "setRead failed: " << error.text << Qt::endl;
            return result;
        }
        syncA.changesQueued();
    }
    result.complete = spinUntil([&] { return shown == marks; }, 60'000);
    if (!result.complete) {
        QSqlQuery q(b.database());
        q.exec(QStringLiteral("SELECT count(*) FROM messages WHERE is_read = 1"));
        q.next();
        StoreError error;
        err << "only " << shown << " of " << marks << " marks were shown on B; B has " << q.value(0).toLongLong()
            << " read; A has " << StateStore(a.database()).pendingCount(&error) << " change(s) not read back (kept: " << dir.path()
            << ")" << Qt::endl;
        dir.setAutoRemove(false);
    }
    for (double l : latency) {
        if (l >= 0)
            result.ms.append(l);
    }
    syncA.stop();
    syncB.stop();
    return result;
}

// Figure 1's anchor: librdkafka alone, a producer and a consumer in this thread, records of the
// size of a read record, to a topic made like a state topic.
Latencies kafkaAlone(const QString &bootstrap, int marks, int rate)
{
    Latencies result;
    const ConnectionSettings settings = settingsFor(bootstrap);
    const QString topic = StateTopic::nameFor(settings.userUuid);
    if (!StateTopicAdmin::ensure(settings, topic).isUsable())
        return result;
    QString error;
    auto producer = RdKafkaProducer::create(settings, &error);
    auto consumer = RdKafkaSource::create(settings, &error);
    SourceProblem problem;
    if (!producer || !consumer || !consumer->assign({{topic, 0, KafkaSource::Beginning}}, &problem))
        return result;
    StateChange c;
    c.message = {QStringLiteral("t"), 0, 0};
    c.value = 1;
    c.desktopId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Warm up: connections, InitProducerId, the first fetch.
    c.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    producer->produce(-1, topic, StateRecordCodec::encode(c), StateRecordCodec::key(c));
    QElapsedTimer warm;
    warm.start();
    int warmed = 0;
    while (warmed == 0 && warm.elapsed() < 30'000) {
        producer->poll(0);
        warmed += int(consumer->consume(10, 50).size());
    }
    QVector<qint64> sentNs(marks, -1);
    QVector<double> latency(marks, -1);
    int seen = 0, sent = 0;
    QElapsedTimer clock;
    clock.start();
    const qint64 intervalNs = 1'000'000'000LL / rate;
    while (seen < marks && clock.elapsed() < 120'000) {
        if (sent < marks && clock.nsecsElapsed() >= sent * intervalNs) {
            c.message.offset = sent;
            c.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            sentNs[sent] = clock.nsecsElapsed();
            producer->produce(sent, topic, StateRecordCodec::encode(c), StateRecordCodec::key(c));
            ++sent;
        }
        producer->poll(0);
        for (const KafkaRecord &r : consumer->consume(100, 1)) {
            QString why;
            const auto change = StateRecordCodec::decode(r.key.value_or(QByteArray()), r.value.value_or(QByteArray()), &why);
            if (!change || change->desktopId != c.desktopId || change->message.offset >= marks || r.offset == 0)
                continue;
            const auto i = change->message.offset;
            if (latency.at(i) < 0) {
                latency[i] = double(clock.nsecsElapsed() - sentNs.at(i)) / 1e6;
                ++seen;
            }
        }
    }
    consumer->close();
    producer->shutdown(1000);
    result.complete = seen == marks;
    for (double l : latency) {
        if (l >= 0)
            result.ms.append(l);
    }
    return result;
}

// Figure 2: "Mark all as read" over `messages` stored messages on 8 partitions; the records and
// bytes that reach the state topic.
struct MarkAll
{
    qint64 changed = -1;
    double localMs = -1;
    int records = -1;
    qint64 bytes = -1;
};

MarkAll markAllRead(const QString &bootstrap, qint64 messages)
{
    MarkAll result;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("million.sqlite"));
    const ConnectionSettings settings = settingsFor(bootstrap);
    {
        TestInbox inbox(path);
        QSqlQuery q(inbox.database());
        QElapsedTimer clock;
        clock.start();
        // Straight into the table (no search index: mark all as read does not touch it).
        const bool ok = q.exec(QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %1)"
            " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset, received_date)"
            " SELECT 'u' || i, 'Message ' || i, 'Body of message ' || i, 1700000000000 + i * 1000, 'million', i % 8, i / 8,"
            " 1700000000000 FROM n").arg(messages));
        if (!ok) {
            err << "cannot generate the messages" << Qt::endl;
            return result;
        }
        err << "generated " << messages << " messages in " << clock.elapsed() << " ms" << Qt::endl;
    }
    TestInbox inbox(path);
    MessageIndex index(inbox.database());
    StateStore state(inbox.database());
    StateSyncService sync(settings.userUuid, path, StateTopicAdmin::clients(settings));
    sync.start();
    if (!spinUntil([&] { return sync.isCaughtUp(); }, 60'000))
        return result;
    StoreError error;
    const MessageIndex::Snapshot snapshot = index.snapshot(&error);
    QElapsedTimer clock;
    clock.start();
    result.changed = index.markBucketsRead(MessageBucket::of(InboxFilter::All), snapshot.maxId, &error);
    result.localMs = double(clock.nsecsElapsed()) / 1e6;
    sync.changesQueued();
    if (!spinUntil([&] { return state.pendingCount(&error) == 0; }, 120'000))
        return result;
    sync.stop();
    // What the topic holds, read back from its beginning.
    QString why;
    auto consumer = RdKafkaSource::create(settings, &why);
    SourceProblem problem;
    if (!consumer || !consumer->assign({{StateTopic::nameFor(settings.userUuid), 0, KafkaSource::Beginning}}, &problem))
        return result;
    result.records = 0;
    result.bytes = 0;
    QElapsedTimer quiet;
    quiet.start();
    while (quiet.elapsed() < 3000) {
        const QVector<KafkaRecord> records = consumer->consume(1000, 100);
        if (!records.isEmpty())
            quiet.start();
        for (const KafkaRecord &r : records) {
            ++result.records;
            result.bytes += r.key.value_or(QByteArray()).size() + r.value.value_or(QByteArray()).size();
        }
    }
    consumer->close();
    return result;
}

QString ms(double v)
{
    return QString::number(v, 'f', v < 10 ? 2 : 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("State sync latency between two desktops, and what Mark all as read writes."));
    parser.addHelpOption();
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("The broker."), QStringLiteral("host:port"));
    const QCommandLineOption marksOption(QStringLiteral("marks"), QStringLiteral("Messages marked read per run."), QStringLiteral("n"),
                                         QStringLiteral("1000"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Marks per second."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of the latency figure."), QStringLiteral("n"));
    const QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages Mark all as read covers."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    parser.addOptions({bootstrapOption, marksOption, rateOption, runsOption, messagesOption});
    parser.process(app);
    // run-benchmarks.sh --quick: a smoke check, fewer marks.
    const bool quick = qEnvironmentVariableIntValue("NS_BENCH_QUICK") == 1;
    const int marks = parser.isSet(marksOption) || !quick ? parser.value(marksOption).toInt() : 200;
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const int runs = parser.isSet(runsOption) ? parser.value(runsOption).toInt() : bench::runsFromEnvironment(3);
    const qint64 messages = parser.value(messagesOption).toLongLong();
    bench::BenchBroker broker(parser.value(bootstrapOption));
    if (broker.bootstrap().isEmpty())
        return 1;

    QVector<double> p50, p99, worst, kp50, kp99, kworst;
    for (int run = 0; run < runs; ++run) {
        const Latencies sync = markToShown(broker.bootstrap(), marks, rate);
        const Latencies kafka = kafkaAlone(broker.bootstrap(), marks, rate);
        const auto pick = [](const Latencies &l, double p) { return l.complete ? bench::percentile(l.ms, p) : -1.0; };
        p50.append(pick(sync, 50));
        p99.append(pick(sync, 99));
        worst.append(pick(sync, 100));
        kp50.append(pick(kafka, 50));
        kp99.append(pick(kafka, 99));
        kworst.append(pick(kafka, 100));
        err << "run " << run + 1 << ": mark to shown p50 " << ms(p50.last()) << " ms, p99 " << ms(p99.last()) << " ms, worst "
            << ms(worst.last()) << " ms (" << sync.ms.size() << "/" << marks << "); librdkafka alone p50 " << ms(kp50.last())
            << " ms, p99 " << ms(kp99.last()) << " ms" << Qt::endl;
    }
    const MarkAll all = markAllRead(broker.bootstrap(), messages);
    StateChange one;
    one.message = {QStringLiteral("million"), 7, messages / 8};
    one.value = 1;
    one.desktopId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    one.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    one.madeAtMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 perMessage = StateRecordCodec::key(one).size() + StateRecordCodec::encode(one).size();
    err << "mark all as read: " << all.changed << " changed in " << ms(all.localMs) << " ms locally; " << all.records
        << " record(s), " << all.bytes << " bytes on the state topic" << Qt::endl;

    const QString what = QStringLiteral("state sync: mark as read here to shown as read on another desktop, %1 marks at %2/s").arg(marks).arg(rate);
    out << "| measure | NS Inbox | beside it, in the same run | ratio | aim |" << Qt::endl;
    out << "|---|---|---|---|---|" << Qt::endl;
    out << "| " << what << ": p50 | " << bench::spread(p50, QStringLiteral("ms")) << " | librdkafka alone (produce to consumed, same broker): "
        << bench::spread(kp50, QStringLiteral("ms")) << " | " << bench::spread(bench::ratios(p50, kp50), QStringLiteral("x")) << " |  |" << Qt::endl;
    out << "| " << what << ": p99 | " << bench::spread(p99, QStringLiteral("ms")) << " | librdkafka alone: "
        << bench::spread(kp99, QStringLiteral("ms")) << " | " << bench::spread(bench::ratios(p99, kp99), QStringLiteral("x"))
        << " | under 100 ms |" << Qt::endl;
    out << "| " << what << ": worst | " << bench::spread(worst, QStringLiteral("ms")) << " | librdkafka alone: "
        << bench::spread(kworst, QStringLiteral("ms")) << " | " << bench::spread(bench::ratios(worst, kworst), QStringLiteral("x")) << " |  |" << Qt::endl;
    out << "| state sync: Mark all as read over " << messages << " messages on 8 partitions: written to the state topic | "
        << all.records << " records, " << all.bytes << " bytes | one record per message: " << messages << " records, "
        << messages * perMessage << " bytes | " << (all.bytes > 0 ? QString::number(double(messages * perMessage) / double(all.bytes), 'f', 0) + QStringLiteral(" x less") : QStringLiteral("failed"))
        << " | a few records |" << Qt::endl;
    out << "| state sync: Mark all as read over " << messages << " messages: the local transaction | " << ms(all.localMs)
        << " ms (" << all.changed << " marked) |  |  |  |" << Qt::endl;
    return 0;
}
