#include "SavedSearchStore.h"

#include "SqlTransaction.h"
#include "StateStore.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace ns {
namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool exec(QSqlQuery &q, const QString &what, StoreError *error)
{
    if (q.exec())
        return true;
    *error = StoreError::fromSql(q.lastError(), what);
    return false;
}

StoreError transactionError(const SqlTransaction &t, const QString &what)
{
    return StoreError::fromSql(t.lastError(), what);
}

} // namespace

SavedSearchStore::SavedSearchStore(QSqlDatabase db) : m_db(std::move(db)) {}

QVector<SavedSearch> SavedSearchStore::list(StoreError *error) const
{
    *error = {};
    QVector<SavedSearch> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Ties (two desktops adding one each at the same place before seeing the other's) are broken
    // by uuid, the same on every desktop, not by the local id.
    q.prepare(QStringLiteral("SELECT id, uuid, name, query, position FROM saved_searches ORDER BY position, uuid"));
    if (!exec(q, QStringLiteral("reading the saved searches"), error))
        return out;
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toInt()});
    }
    return out;
}

SavedSearch SavedSearchStore::add(const QString &name, const QString &query, StoreError *error)
{
    *error = {};
    const QString what = QStringLiteral("saving a search");
    SqlTransaction t(m_db);
    if (!t.isOpen()) {
        *error = transactionError(t, what);
        return {};
    }
    SavedSearch s;
    s.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.name = name;
    s.query = query;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO saved_searches (uuid, name, query, position, modified_date)"
                             " VALUES (?, ?, ?, (SELECT count(*) FROM saved_searches), ?)"));
    q.addBindValue(s.uuid);
    q.addBindValue(name);
    q.addBindValue(query);
    q.addBindValue(nowMs());
    if (!exec(q, what, error))
        return {};
    s.id = q.lastInsertId().toLongLong();
    QSqlQuery p(m_db);
    p.prepare(QStringLiteral("SELECT position FROM saved_searches WHERE id = ?"));
    p.addBindValue(s.id);
    if (!exec(p, what, error) || !p.next())
        return {};
    s.position = p.value(0).toInt();
    if (!journal(s.id, false, error))
        return {};
    if (!t.commit()) {
        *error = transactionError(t, what);
        return {};
    }
    return s;
}

bool SavedSearchStore::journal(qint64 id, bool deleted, StoreError *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT uuid, name, query, position FROM saved_searches WHERE id = ?"));
    q.addBindValue(id);
    const QString what = QStringLiteral("queueing a saved search for the other desktops");
    if (!exec(q, what, error))
        return false;
    if (!q.next()) {
        *error = {StoreError::Kind::Other, QStringLiteral("%1: no saved search %2").arg(what).arg(id)};
        return false;
    }
    const SavedSearchState state{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt(),
                                 deleted};
    q.finish();
    return StateJournal::recordSavedSearch(m_db, state, error);
}

bool SavedSearchStore::update(const QString &column, const QVariant &value, qint64 id, const QString &what,
                              StoreError *error)
{
    *error = {};
    SqlTransaction t(m_db);
    if (!t.isOpen()) {
        *error = transactionError(t, what);
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE saved_searches SET %1 = ?, modified_date = ? WHERE id = ?").arg(column));
    q.addBindValue(value);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    if (!exec(q, what, error))
        return false;
    if (q.numRowsAffected() != 1) {
        *error = {StoreError::Kind::Other, QStringLiteral("%1: no saved search %2").arg(what).arg(id)};
        return false;
    }
    if (!journal(id, false, error))
        return false;
    if (!t.commit()) {
        *error = transactionError(t, what);
        return false;
    }
    return true;
}

bool SavedSearchStore::rename(qint64 id, const QString &name, StoreError *error)
{
    return update(QStringLiteral("name"), name, id, QStringLiteral("renaming a saved search"), error);
}

bool SavedSearchStore::setQuery(qint64 id, const QString &query, StoreError *error)
{
    return update(QStringLiteral("query"), query, id, QStringLiteral("editing a saved search"), error);
}

bool SavedSearchStore::renumber(const QVector<qint64> &order, StoreError *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE saved_searches SET position = ?, modified_date = ? WHERE id = ? AND position <> ?"));
    for (qsizetype i = 0; i < order.size(); ++i) {
        q.addBindValue(int(i));
        q.addBindValue(nowMs());
        q.addBindValue(order.at(i));
        q.addBindValue(int(i));
        if (!exec(q, QStringLiteral("ordering the saved searches"), error))
            return false;
        // Each one whose place changed goes to the other desktops with its new place.
        if (q.numRowsAffected() == 1 && !journal(order.at(i), false, error))
            return false;
    }
    return true;
}

bool SavedSearchStore::remove(qint64 id, StoreError *error)
{
    const QString what = QStringLiteral("deleting a saved search");
    SqlTransaction t(m_db);
    if (!t.isOpen()) {
        *error = transactionError(t, what);
        return false;
    }
    // Its deletion is a record of its own (compaction keeps it), made while the row is there.
    if (!journal(id, true, error))
        return false;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM saved_searches WHERE id = ?"));
    q.addBindValue(id);
    if (!exec(q, what, error))
        return false;
    QVector<qint64> order;
    for (const SavedSearch &s : list(error))
        order.append(s.id);
    if (error->isError() || !renumber(order, error))
        return false;
    if (!t.commit()) {
        *error = transactionError(t, what);
        return false;
    }
    return true;
}

bool SavedSearchStore::move(qint64 id, int position, StoreError *error)
{
    const QString what = QStringLiteral("moving a saved search");
    SqlTransaction t(m_db);
    if (!t.isOpen()) {
        *error = transactionError(t, what);
        return false;
    }
    QVector<qint64> order;
    for (const SavedSearch &s : list(error))
        order.append(s.id);
    if (error->isError())
        return false;
    if (!order.removeOne(id)) {
        *error = {StoreError::Kind::Other, QStringLiteral("%1: no saved search %2").arg(what).arg(id)};
        return false;
    }
    order.insert(std::clamp(position, 0, int(order.size())), id);
    if (!renumber(order, error))
        return false;
    if (!t.commit()) {
        *error = transactionError(t, what);
        return false;
    }
    return true;
}

} // namespace ns
