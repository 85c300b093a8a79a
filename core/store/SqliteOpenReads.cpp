#include "SqliteOpenReads.h"

#include "SqliteStatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace ns {

QStringList SqliteOpenReads::of(const QSqlDatabase &db)
{
    sqlite3 *connection = SqliteStatement::handleOf(db);
    QStringList open;
    for (sqlite3_stmt *s = connection ? sqlite3_next_stmt(connection, nullptr) : nullptr; s; s = sqlite3_next_stmt(connection, s)) {
        if (sqlite3_stmt_busy(s))
            open.append(QString::fromUtf8(sqlite3_sql(s)));
    }
    return open;
}

} // namespace ns
