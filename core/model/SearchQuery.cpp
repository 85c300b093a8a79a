#include "SearchQuery.h"

#include "SearchQueryParser.h"

#include <QDateTime>

namespace ns {
namespace {

QString fieldName(SearchTerm::Field field)
{
    switch (field) {
    case SearchTerm::Field::Any: return QStringLiteral("text");
    case SearchTerm::Field::Subject: return QStringLiteral("subject");
    case SearchTerm::Field::Body: return QStringLiteral("body");
    case SearchTerm::Field::Sender: return QStringLiteral("from");
    case SearchTerm::Field::Url: return QStringLiteral("url");
    }
    return {};
}

QString instant(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString describeTerm(const SearchTerm &t)
{
    QString s;
    switch (t.kind) {
    case SearchTerm::Kind::Text:
        s = QStringLiteral("%1:\"%2\"%3").arg(fieldName(t.field), t.text, t.prefix ? QStringLiteral("*") : QString());
        break;
    case SearchTerm::Kind::State: {
        QStringList buckets;
        for (int b : t.buckets)
            buckets.append(QString::number(b));
        s = QStringLiteral("%1{%2}").arg(t.folder ? QStringLiteral("in") : QStringLiteral("is"), buckets.join(QLatin1Char(',')));
        break;
    }
    case SearchTerm::Kind::HasLink: s = QStringLiteral("has:link"); break;
    case SearchTerm::Kind::Date:
        s = QStringLiteral("created[%1,%2)")
                .arg(t.fromMs == SearchTerm::Unbounded ? QString() : instant(t.fromMs),
                     t.toMs == SearchTerm::Open ? QString() : instant(t.toMs));
        break;
    case SearchTerm::Kind::Partition: s = QStringLiteral("partition=%1").arg(t.number); break;
    case SearchTerm::Kind::Offset: s = QStringLiteral("offset=%1").arg(t.number); break;
    case SearchTerm::Kind::Key: s = QStringLiteral("key=\"%1\"").arg(t.text); break;
    }
    return t.negated ? QLatin1Char('-') + s : s;
}

} // namespace

SearchQuery SearchQuery::parse(const QString &text, const SearchClock &clock, SearchParseError *error)
{
    return SearchQueryParser(text, clock).parse(error);
}

QStringList SearchQuery::operatorNames()
{
    QStringList names;
    for (const QString &n : SearchQueryParser::operatorNames())
        names.append(n + QLatin1Char(':'));
    return names;
}

bool SearchQuery::choosesFolder() const
{
    for (const Clause &c : m_clauses) {
        for (const SearchTerm &t : c) {
            if (t.kind == SearchTerm::Kind::State && t.folder)
                return true;
        }
    }
    return false;
}

QString SearchQuery::describe() const
{
    QStringList clauses;
    for (const Clause &c : m_clauses) {
        QStringList terms;
        for (const SearchTerm &t : c)
            terms.append(describeTerm(t));
        clauses.append(terms.size() > 1 ? QLatin1Char('(') + terms.join(QStringLiteral(" OR ")) + QLatin1Char(')')
                                        : terms.join(QString()));
    }
    return clauses.join(QStringLiteral(" AND "));
}

} // namespace ns
