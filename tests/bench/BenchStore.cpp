#include "BenchStore.h"

#include "BenchMail.h"

#include "Database.h"
#include "MessageCodec.h"
#include "MessageStore.h"
#include "SearchIndexer.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTextStream>

namespace {

constexpr int GeneratorVersion = 1;

// The generator's vocabulary is BenchMail's (the same words, senders and sentences as before).
const QStringList &senders = BenchMail::senders();
const QStringList &projects = BenchMail::projects();
const QStringList &sentences = BenchMail::sentences();

QString zipfWords(QRandomGenerator &rng, const QStringList &words, int n)
{
    return BenchMail::zipfWords(rng, words, n);
}

qint64 storedCount(const QString &path)
{
    if (!QFileInfo::exists(path))
        return -1;
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-check"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT n, version FROM bench_meta")) && q.next()
                && q.value(1).toInt() == GeneratorVersion)
                n = q.value(0).toLongLong();
            QSqlQuery v(db);
            if (!v.exec(QStringLiteral("PRAGMA user_version")) || !v.next() || v.value(0).toInt() != ns::Database::SchemaVersion)
                n = -1;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-check"));
    return n;
}

} // namespace

bool BenchStore::ensure(const QString &path, qint64 count, QString *error)
{
    QTextStream err(stderr);
    if (storedCount(path) == count) {
        err << "reusing " << path << " (" << count << " messages)" << Qt::endl;
        return true;
    }
    const QString partial = path + QStringLiteral(".partial");
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(partial + suffix);
    err << "generating " << count << " messages into " << path << " (once; reused by later runs)" << Qt::endl;
    QElapsedTimer clock;
    clock.start();
    bool ok = true;
    {
        ns::StoreError storeError;
        QSqlDatabase db = ns::Database::open(partial, QStringLiteral("bench-gen"), &storeError);
        if (!db.isValid()) {
            *error = storeError.text;
            return false;
        }
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA synchronous=OFF"));
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO messages (uuid, subject, body, reference_url, is_active, created_by, created_date, modified_by,"
            " kafka_topic, kafka_partition, kafka_offset, received_date, is_read, is_archived)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'System Account', ?, ?, ?, ?, ?, ?)"));
        const QString topic = QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21");
        const QStringList words = BenchMail::vocabulary();
        QRandomGenerator rng(7);
        const qint64 end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 span = 5LL * 365 * 24 * 3600 * 1000; // Five years of messages.
        // Each transaction also adds its rows to the full-text indexes (moving their mark), as
        // the ingest's indexer does.
        ns::SearchIndexer indexer(db);
        const auto commitChunk = [&] {
            ns::StoreError indexError;
            const qint64 last = ns::MessageStore::lastMessageId(db, &indexError);
            if (last < 0 || !indexer.indexUpTo(last, &indexError)) {
                *error = indexError.text;
                return false;
            }
            return db.commit();
        };
        for (qint64 i = 0; ok && i < count; ++i) {
            if (i % 20'000 == 0) {
                if (i > 0)
                    ok = commitChunk();
                ok = ok && db.transaction();
                if (i % 200'000 == 0)
                    err << "  " << i << " messages, " << clock.elapsed() / 1000 << " s" << Qt::endl;
            }
            const int kind = rng.bounded(250);
            const QString project = projects.at(rng.bounded(int(projects.size())));
            const int number = 1000 + int(i % 90'000);
            QString subject, body;
            switch (kind % 10) {
            case 0: subject = QStringLiteral("Dataset request #%1 received").arg(number); break;
            case 1: subject = QStringLiteral("Request #%1 approved").arg(number); break;
            case 2: subject = QStringLiteral("Agreement for \"%1\" needs your signature").arg(project); break;
            case 3: subject = QStringLiteral("Reminder: agreement expires in %1 days").arg(1 + rng.bounded(30)); break;
            case 4: subject = QStringLiteral("Maintenance window on %1").arg(project); break;
            case 5: subject = QStringLiteral("Weekly digest"); break;
            case 6: subject = QStringLiteral("New member in \"%1\"").arg(project); break;
            case 7: subject = QStringLiteral("Security notice: new sign-in"); break;
            case 8: subject = QStringLiteral("Comment on \"%1\"").arg(project); break;
            default: subject = QStringLiteral("Your export of \"%1\" is ready").arg(project); break;
            }
            body = sentences.at(rng.bounded(int(sentences.size()))) + QLatin1Char(' ')
                + zipfWords(rng, words, 6 + rng.bounded(30)) + QLatin1Char(' ')
                + sentences.at(rng.bounded(int(sentences.size())));
            if (kind == 249) { // One message in 250: an invoice.
                subject = QStringLiteral("Invoice %1 for \"%2\"").arg(number).arg(project);
                body = QStringLiteral("The invoice for your storage use is attached. ") + body;
            }
            const qint64 created = end - span + span * i / count + rng.bounded(60'000);
            const bool old = i < count - 2000;
            insert.addBindValue(ns::MessageCodec::uuidForCoordinates(topic, int(i % 3), i / 3));
            insert.addBindValue(subject);
            insert.addBindValue(body);
            insert.addBindValue(rng.bounded(5) == 0 ? QString(QLatin1String(""))
                                                    : QStringLiteral("https://ns.example.org/requests/%1").arg(number));
            insert.addBindValue(rng.bounded(200) == 0 ? 0 : 1);
            insert.addBindValue(senders.at(rng.bounded(int(senders.size()))));
            insert.addBindValue(created);
            insert.addBindValue(topic);
            insert.addBindValue(int(i % 3));
            insert.addBindValue(i / 3);
            insert.addBindValue(created + 500);
            insert.addBindValue(old ? (rng.bounded(100) < 99 ? 1 : 0) : (rng.bounded(3) == 0 ? 1 : 0));
            insert.addBindValue(old && rng.bounded(10) == 0 ? 1 : 0);
            if (!insert.exec()) {
                *error = insert.lastError().text();
                ok = false;
            }
        }
        ok = ok && commitChunk();
        QSqlQuery meta(db);
        ok = ok && meta.exec(QStringLiteral("CREATE TABLE bench_meta (n INTEGER, version INTEGER)"))
            && meta.exec(QStringLiteral("INSERT INTO bench_meta VALUES (%1, %2)").arg(count).arg(GeneratorVersion))
            // The index a QSqlTableModel user adds for "newest first" (the inbox's schema does not
            // need it): the baseline gets its fast first page.
            && meta.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS messages_created ON messages (created_date DESC, id DESC)"))
            && meta.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        if (!ok && error->isEmpty())
            *error = db.lastError().text();
    }
    ns::Database::close(QStringLiteral("bench-gen"));
    if (!ok)
        return false;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    if (!QFile::rename(partial, path)) {
        *error = QStringLiteral("cannot rename %1").arg(partial);
        return false;
    }
    QFile::remove(partial + QStringLiteral("-wal"));
    QFile::remove(partial + QStringLiteral("-shm"));
    err << "generated in " << clock.elapsed() / 1000 << " s, " << QFileInfo(path).size() / (1024 * 1024) << " MiB"
        << Qt::endl;
    return true;
}

double BenchStore::bareUpdateMs(const QString &path, const QString &dir, const QString &sql)
{
    const QString copy = dir + QStringLiteral("/bare.sqlite");
    QFile::remove(copy);
    if (!QFile::copy(path, copy))
        return -1;
    const QString connection = QStringLiteral("bench-bare-update");
    double ms = -1;
    {
        ns::StoreError error;
        QSqlDatabase db = ns::Database::open(copy, connection, &error);
        if (db.isValid()) {
            QSqlQuery q(db);
            QElapsedTimer clock;
            clock.start();
            if (db.transaction() && q.exec(sql) && db.commit())
                ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        }
    }
    ns::Database::close(connection);
    QFile::remove(copy);
    return ms;
}
