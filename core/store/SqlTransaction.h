#pragma once

#include <QSqlDatabase>
#include <QSqlError>

namespace ns {

/// A transaction that rolls back unless commit() ran and succeeded (after Trojitá's
/// SqlTransactionAutoAborter), so an early return can never leave half a batch behind.
///
/// A write transaction takes SQLite's write lock when it begins (BEGIN IMMEDIATE). Why: in WAL
/// mode a deferred transaction that reads before it writes cannot wait for another connection's
/// write. When that one commits first, SQLite answers SQLITE_BUSY at once, without the busy
/// timeout ("database is locked"), and nearly every writer here reads first (a row's state before
/// changing it, the position of record). Three threads write one file (ingest, outbox, state
/// sync) besides the window; taking the lock first makes each wait its turn (the busy timeout,
/// Database.cpp) instead of failing. A read transaction stays deferred: it never blocks a writer.
class SqlTransaction
{
public:
    enum class Kind { Write, Read };

    explicit SqlTransaction(QSqlDatabase db, Kind kind = Kind::Write);
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    bool isOpen() const { return m_open; }
    bool commit();
    /// Why the transaction did not begin, or did not commit.
    QSqlError lastError() const { return m_error; }

    /// Whether a transaction is open on this connection (SQLite is out of autocommit mode).
    static bool isActive(const QSqlDatabase &db);

private:
    bool exec(const char *sql);

    QSqlDatabase m_db;
    bool m_open = false;
    QSqlError m_error;
};

} // namespace ns
