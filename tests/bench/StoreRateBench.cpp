#include "StoreRateBench.h"

#include "Database.h"
#include "MessageCodec.h"
#include "MessageStore.h"
#include "SearchIndexWorker.h"
#include "SearchIndexer.h"
#include "SqlTransaction.h"
#include "SqliteStatement.h"
#include "WorkerThread.h"

#include <QElapsedTimer>
#include <QMap>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>

#include <atomic>

using namespace ns;

namespace {

QTextStream err(stderr);

double perSecond(qsizetype n, qint64 ns)
{
    return ns > 0 ? static_cast<double>(n) * 1e9 / static_cast<double>(ns) : -1;
}

// The floor: the same fields into a table with only its primary key, through the same binding code
// (SqliteStatement, UTF-16 straight from the QString), the same pragmas as Database::open(), one
// transaction per batch. No uniqueness, no sort index, no counters, no read ranges, no full-text.
double floorRate(const QVector<Message> &messages, int batchSize, const QString &path)
{
    const QString name = QStringLiteral("bench-floor");
    double rate = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            return -1;
        QSqlQuery q(db);
        for (const char *sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-32768",
                                "CREATE TABLE messages (id INTEGER PRIMARY KEY, uuid TEXT, subject TEXT, body TEXT,"
                                " reference_url TEXT, is_active INTEGER, created_by TEXT, created_date INTEGER, modified_by TEXT,"
                                " modified_date INTEGER, kafka_topic TEXT, kafka_partition INTEGER, kafka_offset INTEGER,"
                                " kafka_key TEXT, received_date INTEGER)"})
            q.exec(QString::fromLatin1(sql));
        SqliteStatement insert(db, "INSERT INTO messages (uuid, subject, body, reference_url, is_active, created_by, created_date,"
                                   " modified_by, modified_date, kafka_topic, kafka_partition, kafka_offset, kafka_key, received_date)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        QElapsedTimer clock;
        clock.start();
        bool ok = insert.isValid();
        for (qsizetype at = 0; ok && at < messages.size(); at += batchSize) {
            SqlTransaction tx(db);
            const qsizetype end = std::min<qsizetype>(messages.size(), at + batchSize);
            for (qsizetype i = at; ok && i < end; ++i) {
                const Message &m = messages.at(i);
                insert.bindText(1, m.uuid);
                insert.bindText(2, m.subject);
                insert.bindText(3, m.body);
                insert.bindText(4, m.referenceUrl);
                insert.bindInt64(5, m.isActive ? 1 : 0);
                insert.bindText(6, m.createdBy);
                insert.bindInt64(7, m.createdDate.toMSecsSinceEpoch());
                insert.bindText(8, m.modifiedBy);
                insert.bindNull(9);
                insert.bindText(10, m.kafkaTopic);
                insert.bindInt64(11, m.kafkaPartition);
                insert.bindInt64(12, m.kafkaOffset);
                insert.bindText(13, m.kafkaKey);
                insert.bindInt64(14, m.receivedDate.toMSecsSinceEpoch());
                StoreError error;
                ok = insert.execute(&error, QStringLiteral("floor insert")) == 1;
            }
            ok = ok && tx.commit();
        }
        if (ok)
            rate = perSecond(messages.size(), clock.nsecsElapsed());
        else
            err << "the floor insert failed" << Qt::endl;
    }
    Database::close(name);
    return rate;
}

// The store's path: batches as the ingest writes them (read ranges included), with the indexer
// (Behind) running beside it as IngestService runs it, or the indexes in each batch (InBatch).
// Returns messages per second until the last batch committed; for Behind, `indexedAfterMs` is how
// much later the indexes were complete.
double storeRate(const QVector<Message> &messages, int batchSize, const QString &path, MessageStore::SearchIndexing mode,
                 double *indexedAfterMs)
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("bench-store"));
    double rate = -1;
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, name, &error);
        if (!db.isValid()) {
            err << error.text << Qt::endl;
            return -1;
        }
        MessageStore store(db);
        store.setSearchIndexing(mode);
        std::unique_ptr<WorkerThread<SearchIndexWorker>> indexer;
        std::atomic<qint64> indexedUpTo{0};
        if (mode == MessageStore::SearchIndexing::Behind) {
            indexer = std::make_unique<WorkerThread<SearchIndexWorker>>(QStringLiteral("search-index"),
                                                                        std::make_unique<SearchIndexWorker>(path));
            QObject::connect(indexer->worker(), &SearchIndexWorker::caughtUp, indexer->worker(),
                             [&indexedUpTo](qint64 id) { indexedUpTo = id; }, Qt::DirectConnection);
            indexer->start();
        }
        QElapsedTimer clock;
        clock.start();
        bool ok = true;
        for (qsizetype at = 0; ok && at < messages.size(); at += batchSize) {
            IngestBatch batch;
            batch.messages = messages.mid(at, batchSize);
            // One read range per partition, as the ingest covers a batch.
            QMap<int, CoveredRange> ranges;
            for (const Message &m : std::as_const(batch.messages)) {
                auto it = ranges.find(m.kafkaPartition);
                if (it == ranges.end())
                    ranges.insert(m.kafkaPartition, {m.kafkaTopic, m.kafkaPartition, m.kafkaOffset, m.kafkaOffset + 1});
                else
                    it->end = m.kafkaOffset + 1;
            }
            batch.covered = ranges.values();
            BatchResult result;
            ok = store.writeBatch(batch, &result, &error);
            if (indexer)
                indexer->post([](SearchIndexWorker &w) { w.wake(); });
        }
        const qint64 storedNs = clock.nsecsElapsed();
        if (!ok) {
            err << "writing a batch: " << error.text << Qt::endl;
        } else {
            rate = perSecond(messages.size(), storedNs);
            if (indexer) {
                const qint64 last = MessageStore::lastMessageId(db, &error);
                while (indexedUpTo.load() < last && clock.elapsed() < 30 * 60 * 1000)
                    QThread::msleep(2);
                *indexedAfterMs = static_cast<double>(clock.nsecsElapsed() - storedNs) / 1e6;
            }
        }
        if (indexer)
            indexer->stop([](SearchIndexWorker &w) { w.stop(); });
    }
    Database::close(name);
    return rate;
}

} // namespace

QVector<Message> StoreRateBench::decode(const QVector<QByteArray> &values, const QString &topic, int partitions)
{
    QVector<Message> out;
    out.reserve(values.size());
    QVector<qint64> offsets(partitions, 0);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qsizetype i = 0; i < values.size(); ++i) {
        KafkaRecord record;
        record.topic = topic;
        record.partition = static_cast<int>(i % partitions);
        record.offset = offsets[record.partition]++;
        record.value = values.at(i);
        record.timestamp = now;
        const DecodeResult decoded = MessageCodec::decode(record, now);
        if (decoded.isAccepted())
            out.append(decoded.message());
    }
    return out;
}

StoreRateBench::Rates StoreRateBench::measure(const QVector<Message> &messages, int batchSize, const QString &dir)
{
    Rates r;
    r.floorPerSecond = floorRate(messages, batchSize, dir + QStringLiteral("/floor.sqlite"));
    double unused = -1;
    r.inBatchPerSecond = storeRate(messages, batchSize, dir + QStringLiteral("/in-batch.sqlite"),
                                   MessageStore::SearchIndexing::InBatch, &unused);
    r.behindPerSecond = storeRate(messages, batchSize, dir + QStringLiteral("/behind.sqlite"),
                                  MessageStore::SearchIndexing::Behind, &r.indexedAfterStoredMs);
    if (r.behindPerSecond > 0 && r.indexedAfterStoredMs >= 0)
        r.behindToIndexedPerSecond = static_cast<double>(messages.size())
            / (static_cast<double>(messages.size()) / r.behindPerSecond + r.indexedAfterStoredMs / 1000.0);
    return r;
}
