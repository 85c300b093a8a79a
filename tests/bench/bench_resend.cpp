// bench_resend: what recognising a message sent twice (issue 26: same uuid and content at other
// coordinates, MessageStore::recordResend) costs the ingest path, beside the path it leaves alone,
// in the same process, alternating, run after run. Measured only: it never fails on a figure.
//
//   build/tests/bench/bench_resend [--runs 3] [--messages 10000] [--prefill 50000]
//
// Mail-like messages (BenchMail) decoded by MessageCodec as the worker decodes them, written by
// MessageStore::writeBatch in batches of 1,000 (the worker's default) into a copy of a store that
// already holds --prefill messages (the uuid index then has a realistic depth):
//   web service   no uuid: coordinates decide, as before schema 15; the one new step is telling
//                 a uuid made from coordinates (MessageCodec::uuidForCoordinates), timed apart below
//   NS Inbox      each message with its own uuid: one index lookup (no match), then the insert
//   resent        the NS Inbox messages again at new offsets: the lookup finds each, nothing stored
#include "BenchMail.h"
#include "BenchStats.h"
#include "Database.h"
#include "MessageCodec.h"
#include "MessageStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUuid>

using namespace ns;

namespace {

constexpr int BatchSize = 1000;
const QString Topic = QStringLiteral("0b6f3a1e-5c2d-4e8f-9a7b-1c0d2e3f4a5b");
const qint64 EndMs = QDateTime(QDate(2026, 12, 7), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();

// Message `i` as the worker decodes it; with a uuid of its own when `ownUuid` (NS Inbox's outbox).
Message decoded(qint64 i, qint64 count, qint64 offset, bool ownUuid, QRandomGenerator &rng)
{
    QByteArray value = BenchMail::wireValue(i, count, EndMs, rng);
    if (ownUuid) {
        QJsonObject doc = QJsonDocument::fromJson(value).object();
        QJsonObject message = doc.value(QStringLiteral("ns-message")).toObject();
        message.insert(QStringLiteral("uuid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
        doc.insert(QStringLiteral("ns-message"), message);
        value = QJsonDocument(doc).toJson(QJsonDocument::Compact);
    }
    KafkaRecord record{Topic, 0, offset, std::nullopt, value, QDateTime::fromMSecsSinceEpoch(EndMs, Qt::UTC)};
    const DecodeResult result = MessageCodec::decode(record, QDateTime::fromMSecsSinceEpoch(EndMs, Qt::UTC));
    return result.isAccepted() ? result.message() : Message{};
}

QVector<Message> messages(qint64 count, qint64 firstOffset, bool ownUuid, quint32 seed)
{
    QRandomGenerator rng(seed);
    QVector<Message> out;
    out.reserve(count);
    for (qint64 i = 0; i < count; ++i)
        out.append(decoded(i, count, firstOffset + i, ownUuid, rng));
    return out;
}

// Writes `all` in batches into the store at `path`; the milliseconds it took, -1 on failure.
double writeAll(const QString &path, const QVector<Message> &all, BatchResult *total)
{
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench"));
    double elapsed = -1;
    *total = {};
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, connection, &error);
        if (!db.isValid()) {
            QTextStream(stderr) << "cannot open " << path << ": " << error.text << Qt::endl;
            return -1;
        }
        MessageStore store(db);
        QElapsedTimer clock;
        clock.start();
        bool ok = true;
        for (qsizetype at = 0; ok && at < all.size(); at += BatchSize) {
            IngestBatch batch;
            batch.messages = all.mid(at, BatchSize);
            batch.covered = {{Topic, 0, batch.messages.first().kafkaOffset, batch.messages.last().kafkaOffset + 1}};
            BatchResult result;
            ok = store.writeBatch(batch, &result, &error);
            total->inserted += result.inserted;
            total->resends += result.resends;
        }
        if (ok)
            elapsed = double(clock.nsecsElapsed()) / 1e6;
        else
            QTextStream(stderr) << "writing failed: " << error.text << Qt::endl;
    }
    Database::close(connection);
    return elapsed;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (default 3)."), QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption countOption(QStringLiteral("messages"), QStringLiteral("Messages timed per case (default 10000)."),
                                         QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption prefillOption(QStringLiteral("prefill"), QStringLiteral("Messages already stored (default 50000)."),
                                           QStringLiteral("n"), QStringLiteral("50000"));
    parser.addHelpOption();
    parser.addOptions({runsOption, countOption, prefillOption});
    parser.process(app);
    const int runs = parser.value(runsOption).toInt();
    const qint64 count = parser.value(countOption).toLongLong();
    const qint64 prefill = parser.value(prefillOption).toLongLong();
    QTextStream out(stdout);

    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("prefilled.sqlite"));
    BatchResult result;
    out << "preparing a store of " << prefill << " mail-like messages..." << Qt::endl;
    if (writeAll(base, messages(prefill, 0, true, 1), &result) < 0)
        return 1;
    const QVector<Message> web = messages(count, prefill, false, 2);
    const QVector<Message> own = messages(count, prefill, true, 2); // The same mail, with uuids.
    QVector<Message> resent = own;
    for (Message &m : resent)
        m.kafkaOffset += count;

    QVector<double> webMs, ownMs, resentMs, deriveUs;
    for (int run = 0; run < runs; ++run) {
        const auto fresh = [&](const char *name) {
            const QString path = dir.filePath(QStringLiteral("run%1-%2.sqlite").arg(run).arg(QLatin1String(name)));
            return QFile::copy(base, path) ? path : QString();
        };
        webMs.append(writeAll(fresh("web"), web, &result));
        if (result.inserted != count)
            webMs.last() = -1;
        const QString ownPath = fresh("own");
        ownMs.append(writeAll(ownPath, own, &result));
        if (result.inserted != count)
            ownMs.last() = -1;
        // The same messages again at new offsets, into the store that now holds them.
        resentMs.append(writeAll(ownPath, resent, &result));
        if (result.inserted != 0 || result.resends != count)
            resentMs.last() = -1;
        QElapsedTimer clock;
        clock.start();
        qsizetype same = 0;
        for (const Message &m : web)
            same += m.uuid == MessageCodec::uuidForCoordinates(m.kafkaTopic, m.kafkaPartition, m.kafkaOffset);
        deriveUs.append(same == count ? double(clock.nsecsElapsed()) / 1e3 / double(count) : -1);
    }

    const auto perMessage = [&](const QVector<double> &ms) {
        QVector<double> us;
        for (double v : ms)
            us.append(v < 0 ? -1 : v * 1000.0 / double(count));
        return us;
    };
    out << "\nbench_resend: " << count << " mail-like messages per case, batches of " << BatchSize << ", into a copy of a "
        << prefill << "-message store; " << runs << " run(s), median (min-max)\n\n";
    out << "| case | per message | vs web service |\n|---|---|---|\n";
    out << "| web service (no uuid: coordinates, as before) | " << bench::spread(perMessage(webMs), QStringLiteral("µs")) << " | 1 |\n";
    out << "| NS Inbox (own uuid: lookup, then insert) | " << bench::spread(perMessage(ownMs), QStringLiteral("µs")) << " | "
        << bench::spread(bench::ratios(ownMs, webMs), QStringLiteral("×")) << " |\n";
    out << "| resent (lookup finds it, nothing stored) | " << bench::spread(perMessage(resentMs), QStringLiteral("µs")) << " | "
        << bench::spread(bench::ratios(resentMs, webMs), QStringLiteral("×")) << " |\n";
    out << "| telling a uuid made from coordinates (in the web service row) | " << bench::spread(deriveUs, QStringLiteral("µs"))
        << " | |" << Qt::endl;
    return 0;
}
