#pragma once

#include "SearchQuery.h"

namespace ns {

/// What the window's search box searches for while it is typed into: the query language
/// (SearchQuery), with the word being typed taken as a prefix so that results follow every
/// keystroke, as the box always did (FtsQuery's rule): the last term, when it is a bare word of
/// two characters or more with no space after it yet ("invo" finds invoice; "invoice " only the
/// word). A quoted phrase, a negated word and a one-letter word stay as typed.
class SearchBoxQuery
{
public:
    /// As SearchQuery::parse(), plus that rule.
    static SearchQuery parse(const QString &text, const SearchClock &clock, SearchParseError *error);
};

} // namespace ns
