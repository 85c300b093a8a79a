#pragma once

#include <QString>

namespace ns {

/// Turns what a user typed into an SQLite FTS5 MATCH expression that is never a syntax error.
///
/// Every word and every "quoted phrase" becomes an FTS5 string, so operators (AND, OR, NOT, NEAR),
/// column filters, parentheses and punctuation are searched for as text, never interpreted.
/// `word*` and `"a phrase"*` are prefix queries. While the user is still typing the last word
/// (no space after it yet) it is a prefix too, so results follow every keystroke; a single
/// character is not, because a one-letter prefix matches nearly every message.
class FtsQuery
{
public:
    /// Empty when the text holds nothing searchable (no letter or digit): the caller shows everything.
    static QString fromUserText(const QString &text);
};

} // namespace ns
