#include "SqliteOpenReads.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace ns {

QStringList SqliteOpenReads::of(const QSqlDatabase &db)
{
    // The handle SqliteWorkMeter uses too: Database::open() checked that Qt's driver and this code
    // share one SQLite library.
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return {};
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    QStringList open;
    for (sqlite3_stmt *s = connection ? sqlite3_next_stmt(connection, nullptr) : nullptr; s; s = sqlite3_next_stmt(connection, s)) {
        if (sqlite3_stmt_busy(s))
            open.append(QString::fromUtf8(sqlite3_sql(s)));
    }
    return open;
}

} // namespace ns
