#include "SqliteWorkMeter.h"

#include "SqliteStatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace ns {

SqliteWorkMeter::SqliteWorkMeter(const QSqlDatabase &db)
{
    m_handle = SqliteStatement::handleOf(db);
    if (m_handle)
        sqlite3_progress_handler(m_handle, Resolution, &SqliteWorkMeter::tick, this);
}

SqliteWorkMeter::~SqliteWorkMeter()
{
    if (m_handle)
        sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
}

int SqliteWorkMeter::tick(void *meter)
{
    ++static_cast<SqliteWorkMeter *>(meter)->m_ticks;
    return 0; // Never interrupts the query.
}

} // namespace ns
