#pragma once

#include <QSqlError>
#include <QString>

namespace ns {

/// A failure of the local database, classified so callers can tell "wait and retry" from "broken".
struct StoreError
{
    enum class Kind {
        None,
        DiskFull,  ///< SQLITE_FULL: pause and retry once space is freed.
        ReadOnly,  ///< SQLITE_READONLY / SQLITE_PERM: pause and retry.
        Busy,      ///< SQLITE_BUSY / SQLITE_LOCKED: another writer holds the database.
        Io,        ///< SQLITE_IOERR / SQLITE_CANTOPEN.
        Corrupt,   ///< SQLITE_CORRUPT / SQLITE_NOTADB.
        Schema,    ///< The file's schema is newer than this build understands.
        Library,   ///< Qt's SQLite driver runs another SQLite library than this build links.
        Other,
    };

    Kind kind = Kind::None;
    QString text;

    bool isError() const { return kind != Kind::None; }
    /// The kind as a stable word for logs and the command line: "disk-full", "read-only", "busy",
    /// "io", "corrupt", "schema", "other" (and "none").
    QString kindName() const;
    /// Transient kinds clear by themselves (space freed, lock released) and are retried.
    bool isTransient() const { return kind == Kind::DiskFull || kind == Kind::ReadOnly || kind == Kind::Busy || kind == Kind::Io; }

    static StoreError fromSql(const QSqlError &error, const QString &context);
    /// From an SQLite (extended) result code; `text` is the whole message.
    static StoreError fromSqliteCode(int code, const QString &text);
};

} // namespace ns
