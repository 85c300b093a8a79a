#pragma once

#include <QSqlDatabase>

namespace ns {

/// Rolls the transaction back unless commit() ran and succeeded (after Trojitá's
/// SqlTransactionAutoAborter), so an early return can never leave half a batch behind.
class SqlTransaction
{
public:
    explicit SqlTransaction(QSqlDatabase db) : m_db(std::move(db)) { m_open = m_db.transaction(); }
    ~SqlTransaction()
    {
        if (m_open)
            m_db.rollback();
    }
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    bool isOpen() const { return m_open; }
    bool commit()
    {
        if (!m_open)
            return false;
        m_open = !m_db.commit();
        return !m_open;
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace ns
