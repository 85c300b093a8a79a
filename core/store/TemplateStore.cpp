#include "TemplateStore.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace ns {

TemplateStore::TemplateStore(QSqlDatabase db) : m_db(std::move(db)) {}

qint64 TemplateStore::save(const MessageTemplate &t, StoreError *error)
{
    *error = {};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO message_templates (name, subject, body, reference_url, is_active, updated)"
                             " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET subject = excluded.subject,"
                             " body = excluded.body, reference_url = excluded.reference_url, is_active = excluded.is_active,"
                             " updated = excluded.updated RETURNING id"));
    const QVariantList binds{t.name.trimmed(), t.subject, t.body, t.referenceUrl.isNull() ? QStringLiteral("") : t.referenceUrl,
                             t.isActive, QDateTime::currentMSecsSinceEpoch()};
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec() || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("saving template %1").arg(t.name));
        return 0;
    }
    return q.value(0).toLongLong();
}

QVector<MessageTemplate> TemplateStore::all(StoreError *error) const
{
    return select(QStringLiteral("ORDER BY name COLLATE NOCASE"), {}, error);
}

MessageTemplate TemplateStore::byName(const QString &name, StoreError *error) const
{
    return select(QStringLiteral("WHERE name = ?"), {name.trimmed()}, error).value(0);
}

bool TemplateStore::remove(qint64 id, StoreError *error)
{
    *error = {};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM message_templates WHERE id = ?"));
    q.bindValue(0, id);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("deleting a template"));
        return false;
    }
    return true;
}

QVector<MessageTemplate> TemplateStore::select(const QString &where, const QVariantList &binds, StoreError *error) const
{
    *error = {};
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, name, subject, body, reference_url, is_active FROM message_templates %1").arg(where));
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    QVector<MessageTemplate> out;
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading templates"));
        return {};
    }
    while (q.next()) {
        MessageTemplate t;
        t.id = q.value(0).toLongLong();
        t.name = q.value(1).toString();
        t.subject = q.value(2).toString();
        t.body = q.value(3).toString();
        t.referenceUrl = q.value(4).toString();
        t.isActive = q.value(5).toBool();
        out.append(t);
    }
    return out;
}

} // namespace ns
