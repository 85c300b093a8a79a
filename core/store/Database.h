#pragma once

#include "StoreError.h"

#include <QSqlDatabase>
#include <QString>

namespace ns {

/// Opens a per-thread SQLite connection to an inbox file and brings its schema up to date.
///
/// Every thread uses its own named connection (Qt SQL connections are not shareable across
/// threads); WAL lets the UI read while the ingest thread writes.
class Database
{
public:
    /// The SQLite library's version as the connection reports it, "unknown" when it cannot.
    static QString sqliteVersion(const QSqlDatabase &db);
    /// Schema version this build writes; see the migration steps in Database.cpp.
    static constexpr int SchemaVersion = 16;

    /// Opens (creating if needed) `path` — or an in-memory database for ":memory:" — as
    /// connection `connectionName`, applies pragmas and migrations. On failure returns an
    /// invalid QSqlDatabase and fills `error`.
    static QSqlDatabase open(const QString &path, const QString &connectionName, StoreError *error);

    /// A message's state bucket (MessageBucket::of in InboxFilter.h) as an SQL expression over
    /// the columns of the row alias `row`: the one SQL spelling of the formula (migrations and
    /// queries use it; tst_messagestore checks it against the C++ one for every state).
    /// messages.is_archived holds the Placement (0 inbox, 1 archived, 2 snoozed) since schema 6.
    static QString bucketExpression(const char *row);

    /// Closes and removes the named connection.
    static void close(const QString &connectionName);

    /// A connection name unique to this process, for a new thread's connection.
    static QString uniqueConnectionName(const QString &prefix);

    /// Brings the schema of an open database up to `targetVersion` (at most SchemaVersion), one
    /// transaction per step; open() takes it to SchemaVersion. Tests make the files of older
    /// versions with it, to upgrade them as a user's file is upgraded.
    static bool migrate(QSqlDatabase &db, int targetVersion, StoreError *error);
};

} // namespace ns
