#pragma once

#include <QSqlDatabase>

struct sqlite3;

namespace ns {

/// Counts the work SQLite does on one connection, whatever the query: virtual machine
/// instructions, through sqlite3_progress_handler().
///
/// MessageIndex::ReadStats counts what the index's own queries say they read; a query that says
/// nothing is not counted there (the end-of-catch-up COUNT over every new message was one, and a
/// 200 ms stall came back unseen: issue 24). This meter cannot miss a query on its connection, so
/// tests and benchmarks bound the UI thread's reads per update with it. One meter per connection
/// (SQLite keeps one progress handler); for tests and benchmarks, not the app.
class SqliteWorkMeter
{
public:
    /// Instructions between two calls of the handler: the meter's resolution.
    static constexpr int Resolution = 64;

    explicit SqliteWorkMeter(const QSqlDatabase &db);
    ~SqliteWorkMeter();
    SqliteWorkMeter(const SqliteWorkMeter &) = delete;
    SqliteWorkMeter &operator=(const SqliteWorkMeter &) = delete;

    /// Whether the connection is an open SQLite connection the meter could attach to.
    bool isValid() const { return m_handle != nullptr; }
    /// Virtual machine instructions run on the connection since the meter was made (to Resolution).
    qint64 instructions() const { return m_ticks * Resolution; }

private:
    static int tick(void *meter);

    sqlite3 *m_handle = nullptr;
    qint64 m_ticks = 0;
};

} // namespace ns
