#include "SqlTransaction.h"

#include "SqliteStatement.h"

#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

namespace ns {

SqlTransaction::SqlTransaction(QSqlDatabase db, Kind kind) : m_db(std::move(db))
{
    m_open = exec(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
}

SqlTransaction::~SqlTransaction()
{
    if (m_open)
        exec("ROLLBACK");
}

bool SqlTransaction::commit()
{
    if (!m_open)
        return false;
    m_open = !exec("COMMIT");
    return !m_open;
}

bool SqlTransaction::exec(const char *sql)
{
    QSqlQuery q(m_db);
    if (q.exec(QString::fromLatin1(sql)))
        return true;
    m_error = q.lastError();
    return false;
}

bool SqlTransaction::isActive(const QSqlDatabase &db)
{
    sqlite3 *sqlite = SqliteStatement::handleOf(db);
    return sqlite && sqlite3_get_autocommit(sqlite) == 0;
}

} // namespace ns
