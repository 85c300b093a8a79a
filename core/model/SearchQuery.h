#pragma once

#include "SearchClock.h"
#include "SearchParseError.h"
#include "SearchTerm.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace ns {

/// A parsed search, as typed in the search box or given to `ns-inbox search`: words, "phrases"
/// and operators (is:, in:, from:, subject:, body:, url:, has:link, before:, after:, on:,
/// partition:, offset:, key:), each negated with '-', alternatives joined with OR.
///
/// The query is an AND of clauses, each an OR of terms: `a b OR c -d` is a AND (b OR c) AND NOT d
/// (OR binds tighter than the space between terms, as in Gmail). Anything the parser does not
/// understand is an error with its position, never searched for as literal text.
class SearchQuery
{
public:
    using Clause = QVector<SearchTerm>; ///< Alternatives: a message matches any of them.

    /// Parses `text`; dates are days of `clock.zone`, relative ones counted back from `clock.now`.
    /// On error returns an empty query and fills `error`.
    static SearchQuery parse(const QString &text, const SearchClock &clock, SearchParseError *error);

    /// The operator names the parser knows, with their colon ("from:", ...): for completion.
    static QStringList operatorNames();

    const QVector<Clause> &clauses() const { return m_clauses; }
    /// Nothing to match: every message matches.
    bool isEmpty() const { return m_clauses.isEmpty(); }
    /// An in: term appears somewhere: the query chooses its folders itself.
    bool choosesFolder() const;

    /// A canonical form (operators resolved: buckets, UTC time ranges), for tests and logs.
    QString describe() const;

    void append(Clause clause) { m_clauses.append(std::move(clause)); }

private:
    QVector<Clause> m_clauses; ///< All must match.
};

} // namespace ns
