#pragma once

#include <QSqlDatabase>
#include <QStringList>

namespace ns {

/// The statements of a connection that are still stepping (started, not reset nor finished).
///
/// In WAL mode a connection reads the snapshot its read transaction began with, and in autocommit
/// that transaction lasts while any statement of the connection is still stepping: a QSqlQuery that
/// read one row of several and was kept (a cached prepared query) pins the window's view of the store
/// at that moment, so the writer's commits stay invisible to it, and it keeps checkpoints from
/// resetting the WAL. The window's connection must hold none between two events; tests check it.
class SqliteOpenReads
{
public:
    /// The SQL text of every statement of `db` still stepping; empty when none (or not SQLite).
    static QStringList of(const QSqlDatabase &db);
};

} // namespace ns
