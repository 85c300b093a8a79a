#pragma once

#include "SavedSearch.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QVector>

namespace ns {

/// The saved searches of an inbox file (table saved_searches, schema 16), in their order.
/// Each change is one transaction; positions stay 0..n-1 without gaps. Not thread-safe: one per
/// connection. The window reads with its read-only connection and writes through SavedSearchWriter.
///
/// Every change also queues, in its transaction, a SavedSearch record per saved search it touched
/// (StateJournal::recordSavedSearch): the state sync thread sends it to the user's other desktops,
/// and applies theirs to the same table (StateStore). Records of other desktops can leave two at
/// one position for a moment; the list orders those by uuid, as every desktop does.
class SavedSearchStore
{
public:
    explicit SavedSearchStore(QSqlDatabase db);

    /// All of them, by position. Empty with `error` set on failure.
    QVector<SavedSearch> list(StoreError *error) const;
    /// Adds one at the end; returns it (id and uuid filled in), or id 0 with `error` set.
    SavedSearch add(const QString &name, const QString &query, StoreError *error);
    bool rename(qint64 id, const QString &name, StoreError *error);
    bool setQuery(qint64 id, const QString &query, StoreError *error);
    /// Removes it; the ones after it move up.
    bool remove(qint64 id, StoreError *error);
    /// Puts it at `position` (clamped), the others shifting to make room.
    bool move(qint64 id, int position, StoreError *error);

private:
    /// Queues the row's state (or its deletion) for the other desktops, in the caller's transaction.
    bool journal(qint64 id, bool deleted, StoreError *error);
    bool update(const QString &column, const QVariant &value, qint64 id, const QString &what, StoreError *error);
    bool renumber(const QVector<qint64> &order, StoreError *error);

    QSqlDatabase m_db;
};

} // namespace ns
