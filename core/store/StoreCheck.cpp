#include "StoreCheck.h"

#include "Database.h"
#include "Logging.h"
#include "SqlTransaction.h"
#include "SqliteStatement.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <sqlite3.h>

namespace ns {
namespace {

// Rows of a table read from the damaged file: column names and values, as far as they could be read.
struct SavedRows
{
    QStringList columns;
    QVector<QVariantList> rows;
    bool complete = true;
};

SavedRows readRows(const QSqlDatabase &db, const QString &sql)
{
    SavedRows saved;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        saved.complete = false;
        return saved;
    }
    const QSqlRecord record = q.record();
    for (int i = 0; i < record.count(); ++i)
        saved.columns.append(record.fieldName(i));
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < record.count(); ++i)
            row.append(q.value(i));
        saved.rows.append(row);
    }
    // A step that fails on a damaged page ends the loop like the last row.
    saved.complete = !q.lastError().isValid();
    return saved;
}

int writeRows(QSqlDatabase &db, const QString &table, const SavedRows &saved, const QString &conflict)
{
    if (saved.rows.isEmpty())
        return 0;
    QStringList marks;
    for (qsizetype i = 0; i < saved.columns.size(); ++i)
        marks.append(QStringLiteral("?"));
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) %4")
                       .arg(table, saved.columns.join(QLatin1Char(',')), marks.join(QLatin1Char(',')), conflict)))
        return 0;
    int written = 0;
    for (const QVariantList &row : saved.rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            q.bindValue(static_cast<int>(i), row.at(i));
        if (q.exec())
            ++written;
        else
            qCWarning(lcStore).noquote() << "could not carry a row of" << table << "into the new store:" << q.lastError().text();
    }
    return written;
}

int stopAtDeadline(void *deadline)
{
    return static_cast<QDeadlineTimer *>(deadline)->hasExpired() ? 1 : 0;
}

// quick_check's verdict: empty when sound; the first lines of its answer (or the error that
// stopped it) when not. `complete` says whether it ran to its end within the budget.
QString quickCheck(const QSqlDatabase &db, int budgetMs, bool *complete, bool *notADatabase)
{
    *complete = true;
    QDeadlineTimer deadline(budgetMs);
    sqlite3 *handle = SqliteStatement::handleOf(db);
    if (handle)
        sqlite3_progress_handler(handle, 1000, stopAtDeadline, &deadline);
    QSqlQuery q(db);
    QStringList lines;
    const bool ran = q.exec(QStringLiteral("PRAGMA quick_check(5)"));
    while (ran && q.next())
        lines.append(q.value(0).toString());
    const QSqlError error = q.lastError();
    q.finish();
    if (handle)
        sqlite3_progress_handler(handle, 0, nullptr, nullptr);
    if (error.isValid()) {
        const StoreError e = StoreError::fromSql(error, QStringLiteral("checking the store"));
        *notADatabase = (error.nativeErrorCode().toInt() & 0xff) == SQLITE_NOTADB;
        if (e.kind == StoreError::Kind::Corrupt)
            return e.text;
        // Interrupted by the budget, or busy: not a verdict.
        *complete = false;
        if (!deadline.hasExpired())
            qCWarning(lcStore).noquote() << "the store check could not run:" << e.text;
        return {};
    }
    if (lines == QStringList{QStringLiteral("ok")})
        return {};
    return lines.join(QStringLiteral("; "));
}

QString stamp()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

} // namespace

QString StoreCheckReport::summary() const
{
    switch (outcome) {
    case Outcome::Sound:
        return {};
    case Outcome::Failed:
        return QStringLiteral("the inbox store cannot be used: %1").arg(error.text);
    case Outcome::Rebuilt:
        break;
    }
    QString text = QStringLiteral("the inbox store was damaged (%1); it is kept as %2 and a new one is rebuilt from the broker.")
                       .arg(damage, damagedCopy);
    text += QStringLiteral(" %1 unsent message(s) and %2 unsynced change(s) were saved from it.").arg(savedOutbox).arg(savedStateChanges);
    if (outboxUnreadable)
        text += QStringLiteral(" Part of its outbox could not be read: unsent messages in it may be lost (they are in the damaged copy).");
    text += damagedMessages >= 0
                ? QStringLiteral(" It held %1 message(s); messages the broker no longer keeps (retention) are only in the damaged copy,").arg(damagedMessages)
                : QStringLiteral(" Its messages could not be counted; messages the broker no longer keeps (retention) are only in the damaged copy,");
    text += QStringLiteral(" and read, archived and snoozed marks that never reached the state topic are lost.");
    return text;
}

QString StoreCheck::wholeCheckMarker(const QString &path)
{
    return path + QStringLiteral(".check-whole");
}

bool StoreCheck::requestWholeCheck(const QString &path)
{
    if (path == QLatin1String(":memory:") || QFileInfo::exists(wholeCheckMarker(path)))
        return true;
    QFile marker(wholeCheckMarker(path));
    if (!marker.open(QIODevice::WriteOnly)) {
        qCWarning(lcStore).noquote() << "cannot ask for a whole check of the store at the next start:" << marker.errorString();
        return false;
    }
    qCWarning(lcStore).noquote() << "a damaged page was met: the whole store is checked at the next start";
    return true;
}

StoreCheckReport StoreCheck::checkAtWindowStart(const QString &path)
{
    const qint64 size = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    if (size <= WindowWholeCheckBytes || QFileInfo::exists(wholeCheckMarker(path)))
        return checkAndRecover(path, -1);
    StoreCheckReport report;
    report.checkComplete = false;
    return report;
}

StoreCheckReport StoreCheck::checkAndRecover(const QString &path, int budgetMs)
{
    const QString marker = wholeCheckMarker(path);
    const bool whole = QFileInfo::exists(marker);
    if (whole)
        qCInfo(lcStore) << "a damaged page was met last time: checking the whole store";
    StoreCheckReport report = checkWithin(path, whole ? -1 : budgetMs);
    // Asked for until a whole check found the store sound, or it was set aside.
    if (whole && report.outcome != StoreCheckReport::Outcome::Failed && report.checkComplete)
        QFile::remove(marker);
    return report;
}

StoreCheckReport StoreCheck::checkWithin(const QString &path, int budgetMs)
{
    StoreCheckReport report;
    if (path == QLatin1String(":memory:") || !QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
        return report;

    const QString connection = Database::uniqueConnectionName(QStringLiteral("check"));
    SavedRows outbox, stateOutbox, meta;
    bool notADatabase = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            report.error = StoreError::fromSql(db.lastError(), QStringLiteral("opening %1").arg(path));
            report.damage = report.error.text;
        } else {
            report.damage = quickCheck(db, budgetMs, &report.checkComplete, &notADatabase);
        }
        if (!report.damage.isEmpty() && db.isOpen()) {
            // What exists nowhere else, read first, as far as the damage allows.
            outbox = readRows(db, QStringLiteral("SELECT * FROM outbox WHERE status <> 'delivered' ORDER BY id"));
            stateOutbox = readRows(db, QStringLiteral("SELECT * FROM state_outbox ORDER BY id"));
            meta = readRows(db, QStringLiteral("SELECT * FROM state_meta"));
            QSqlQuery count(db);
            if (count.exec(QStringLiteral("SELECT count(*) FROM messages")) && count.next())
                report.damagedMessages = count.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (report.damage.isEmpty()) {
        if (!report.checkComplete)
            qCInfo(lcStore) << "store check stopped after its budget of" << budgetMs << "ms; the rest is checked as it is read";
        return report;
    }
    // A file that SQLite cannot open (a permission) is not touched, nor one that is no database at
    // all: that may be anything a wrong --database named, not a damaged inbox. Both are refused.
    if (report.error.isError() || notADatabase) {
        if (!report.error.isError())
            report.error = {StoreError::Kind::Corrupt, QStringLiteral("%1 is not an NS Inbox store (%2); it was left as it is").arg(path, report.damage)};
        report.outcome = StoreCheckReport::Outcome::Failed;
        return report;
    }
    qCWarning(lcStore).noquote() << "store damaged:" << report.damage;

    report.damagedCopy = path + QStringLiteral(".damaged-") + stamp();
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, report.damagedCopy + suffix)) {
            report.outcome = StoreCheckReport::Outcome::Failed;
            report.error = {StoreError::Kind::Io, QStringLiteral("cannot move %1 aside").arg(path + suffix)};
            return report;
        }
    }

    const QString fresh = Database::uniqueConnectionName(QStringLiteral("rebuild"));
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, fresh, &error);
        if (!db.isValid()) {
            report.outcome = StoreCheckReport::Outcome::Failed;
            report.error = error;
            return report;
        }
        SqlTransaction tx(db);
        if (tx.isOpen()) {
            report.savedOutbox = writeRows(db, QStringLiteral("outbox"), outbox, QStringLiteral("ON CONFLICT DO NOTHING"));
            report.savedStateChanges = writeRows(db, QStringLiteral("state_outbox"), stateOutbox, QStringLiteral("ON CONFLICT DO NOTHING"));
            writeRows(db, QStringLiteral("state_meta"), meta, QStringLiteral("ON CONFLICT DO NOTHING"));
            if (!tx.commit())
                report.savedOutbox = report.savedStateChanges = 0;
        }
    }
    Database::close(fresh);
    report.outboxUnreadable = !outbox.complete;
    report.outcome = StoreCheckReport::Outcome::Rebuilt;
    qCWarning(lcStore).noquote() << report.summary();
    return report;
}

} // namespace ns
