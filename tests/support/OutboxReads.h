#pragma once

// The outbox as the tests read it. A failed read is printed; its empty result then fails the
// comparison that follows.

#include "OutboxStore.h"
#include "StoreError.h"

#include <QDebug>
#include <QSqlDatabase>
#include <QVector>

#include <utility>

namespace ns::test {

inline QVector<OutboxEntry> checked(QVector<OutboxEntry> rows, const StoreError &error)
{
    if (error.isError())
        qWarning().noquote() << "reading the outbox failed:" << error.text;
    return rows;
}

inline OutboxSummary outboxSummary(const QSqlDatabase &db)
{
    StoreError error;
    const OutboxSummary s = OutboxStore(db).summary({}, &error);
    if (error.isError())
        qWarning().noquote() << "counting the outbox failed:" << error.text;
    return s;
}

inline QVector<OutboxEntry> newestOutboxRows(const QSqlDatabase &db, int limit)
{
    StoreError error;
    QVector<OutboxEntry> rows = OutboxStore(db).newestEntries(limit, &error);
    return checked(std::move(rows), error);
}

} // namespace ns::test
