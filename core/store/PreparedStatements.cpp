#include "PreparedStatements.h"

#include <QSqlError>

namespace ns {

void PreparedStatements::expandNumbered(const QString &sql, const QVariantList &binds, QString *outSql, QVariantList *outBinds)
{
    int sequential = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        outSql->append(c);
        if (c != u'?')
            continue;
        qsizetype j = i + 1;
        while (j < sql.size() && sql.at(j).isDigit())
            ++j;
        const int n = j > i + 1 ? sql.mid(i + 1, j - i - 1).toInt() : ++sequential;
        outBinds->append(binds.value(n - 1));
        i = j - 1;
    }
}

QSqlQuery *PreparedStatements::run(const QString &numberedSql, const QVariantList &binds, const QString &what, StoreError *error)
{
    std::shared_ptr<Statement> &statement = m_statements[numberedSql];
    if (!statement) {
        // The order once: expand with each bind's own index as its value.
        QVariantList indexes;
        for (int i = 0; i < binds.size(); ++i)
            indexes.append(i);
        QString sql;
        QVariantList order;
        expandNumbered(numberedSql, indexes, &sql, &order);
        auto made = std::make_shared<Statement>(Statement{QSqlQuery(m_db), {}});
        for (const QVariant &i : std::as_const(order))
            made->order.append(i.isValid() ? i.toInt() : -1);
        if (!made->query.prepare(sql)) {
            *error = StoreError::fromSql(made->query.lastError(), what);
            m_statements.remove(numberedSql);
            return nullptr;
        }
        statement = std::move(made);
    }
    QSqlQuery &q = statement->query;
    q.finish();
    for (int i = 0; i < statement->order.size(); ++i) {
        const int from = statement->order.at(i);
        q.bindValue(i, from >= 0 ? binds.value(from) : QVariant());
    }
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), what);
        return nullptr;
    }
    return &q;
}

} // namespace ns
