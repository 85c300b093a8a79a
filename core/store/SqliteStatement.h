#pragma once

#include "StoreError.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace ns {

/// A statement prepared once on a Qt SQL connection's own sqlite3 handle, for the ingest hot path.
///
/// Qt SQL binds through QVariant and reports through QSqlError: fine for one query, but for tens
/// of thousands of rows a second it costs more than SQLite itself. The connection, its
/// transactions and every other query stay with Qt SQL.
///
/// This is sound only while Qt's QSQLITE driver and this code call the same SQLite library: a
/// handle made by one copy of SQLite must not be stepped by another (their structures and global
/// state may differ). Database::open() checks that once per process (checkSameLibrary()).
class SqliteStatement
{
public:
    /// One SQLite library as seen from one side: its version and source id (the exact check-in).
    struct Library
    {
        QString version;
        QString sourceId;
    };
    /// The library this code is linked with (sqlite3_libversion(), sqlite3_sourceid()).
    static Library linkedLibrary();
    /// The library behind a Qt SQL connection (sqlite_version(), sqlite_source_id()).
    static Library driverLibrary(const QSqlDatabase &db, StoreError *error);
    /// Kind::None when both are the same build of SQLite; else a Kind::Library error naming both.
    static StoreError checkSameLibrary(const Library &linked, const Library &driver);

    /// The sqlite3 handle under a Qt SQL connection; null when it is not an open SQLite one. The
    /// one place the handle is taken (Database::open() checks that the driver's SQLite is ours).
    static sqlite3 *handleOf(const QSqlDatabase &db);

    SqliteStatement(const QSqlDatabase &db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    // Parameters are 1-based, as in SQLite. Bound text must stay alive until step() returns.
    void bindText(int index, const QString &text);
    void bindText(int index, const std::optional<QString> &text);
    void bindBlob(int index, const QByteArray &blob);
    void bindBlob(int index, const std::optional<QByteArray> &blob);
    void bindInt64(int index, qint64 value);
    void bindNull(int index);

    /// Runs the statement to completion and resets it; returns the rows changed, or -1 with `error`.
    int execute(StoreError *error, const QString &context);

private:
    sqlite3 *m_handle = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_prepareError;
};

} // namespace ns
