#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>

namespace ns {

/// Lifts PRAGMA query_only for as long as it lives, for writes to the connection's TEMP schema.
///
/// The window's connection is read-only (PRAGMA query_only, which refuses writes to TEMP too), yet
/// what a search keeps per connection (the unindexed tail, a paged search's candidates) lives in
/// TEMP, private to it: the flag is lifted for exactly that and put back, so the store file itself
/// is still never written from there.
class TempWritesAllowed
{
public:
    explicit TempWritesAllowed(const QSqlDatabase &db) : m_db(db)
    {
        QSqlQuery q(m_db);
        m_wasQueryOnly = q.exec(QStringLiteral("PRAGMA query_only")) && q.next() && q.value(0).toInt() == 1;
        q.finish();
        if (m_wasQueryOnly)
            q.exec(QStringLiteral("PRAGMA query_only = OFF"));
    }
    ~TempWritesAllowed()
    {
        if (m_wasQueryOnly) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("PRAGMA query_only = ON"));
        }
    }
    TempWritesAllowed(const TempWritesAllowed &) = delete;
    TempWritesAllowed &operator=(const TempWritesAllowed &) = delete;

private:
    QSqlDatabase m_db;
    bool m_wasQueryOnly = false;
};

} // namespace ns
