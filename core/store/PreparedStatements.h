#pragma once

#include "StoreError.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <QVector>

#include <memory>

namespace ns {

/// Statements prepared once on a connection and run many times. Applying the state topic runs the
/// same few statements for every record; preparing them again each time (SQLite's parser and Qt's
/// own pass over the text) was most of the state-sync thread's CPU while another desktop's
/// archive of thousands arrived (perf, bench_follow).
///
/// Statements are written with SQLite's numbered parameters (?1, used as often as needed) and
/// expanded once to the positional ones Qt binds (no statement here has a '?' inside a string
/// literal). Plain Qt SQL, rows read through QSqlQuery; SqliteStatement is the rawer kind, for
/// the ingest's inserts.
class PreparedStatements
{
public:
    explicit PreparedStatements(QSqlDatabase db) : m_db(std::move(db)) {}

    /// Runs `numberedSql` with `binds` (?N is binds[N-1]); nullptr on failure, with `error` saying
    /// `what` was being done. The query is the cached one: read its rows before the next run of
    /// the same text; it is finished (no statement left open) at the next run of it.
    QSqlQuery *run(const QString &numberedSql, const QVariantList &binds, const QString &what, StoreError *error);

    /// `sql` with ?N expanded to '?', and the binds in the order the expanded text takes them.
    static void expandNumbered(const QString &sql, const QVariantList &binds, QString *outSql, QVariantList *outBinds);

private:
    struct Statement
    {
        QSqlQuery query;
        QVector<int> order; ///< The numbered bind each '?' of the expanded text takes (0-based).
    };
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<Statement>> m_statements;
};

} // namespace ns
