#pragma once

#include "MessageTemplate.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QVector>

namespace ns {

/// Saved message templates in the profile's database, by name.
class TemplateStore
{
public:
    explicit TemplateStore(QSqlDatabase db);

    /// Saves `t` under its name (replacing one of the same name, any case); returns its id.
    qint64 save(const MessageTemplate &t, StoreError *error);
    /// Every template, by name.
    QVector<MessageTemplate> all(StoreError *error) const;
    /// The template called `name`; id 0 when there is none.
    MessageTemplate byName(const QString &name, StoreError *error) const;
    bool remove(qint64 id, StoreError *error);

private:
    QVector<MessageTemplate> select(const QString &where, const QVariantList &binds, StoreError *error) const;

    QSqlDatabase m_db;
};

} // namespace ns
