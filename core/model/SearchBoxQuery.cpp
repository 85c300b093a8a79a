#include "SearchBoxQuery.h"

namespace ns {

SearchQuery SearchBoxQuery::parse(const QString &text, const SearchClock &clock, SearchParseError *error)
{
    const SearchQuery parsed = SearchQuery::parse(text, clock, error);
    if (error->isError() || parsed.isEmpty() || text.isEmpty() || text.back().isSpace())
        return parsed;
    SearchQuery out;
    const QVector<SearchQuery::Clause> &clauses = parsed.clauses();
    for (qsizetype i = 0; i < clauses.size(); ++i) {
        SearchQuery::Clause clause = clauses.at(i);
        if (i == clauses.size() - 1) {
            SearchTerm &last = clause.last();
            const bool typing = last.kind == SearchTerm::Kind::Text && !last.quoted && !last.prefix && !last.negated
                && last.position + last.length == text.size() && last.text.size() >= 2;
            if (typing)
                last.prefix = true;
        }
        out.append(std::move(clause));
    }
    return out;
}

} // namespace ns
