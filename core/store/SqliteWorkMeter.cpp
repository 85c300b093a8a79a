#include "SqliteWorkMeter.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace ns {

SqliteWorkMeter::SqliteWorkMeter(const QSqlDatabase &db)
{
    // The same handle SqliteStatement uses; Database::open() checked that Qt's driver and this
    // code share one SQLite library.
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    m_handle = *static_cast<sqlite3 *const *>(handle.constData());
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
