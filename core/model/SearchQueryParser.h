#pragma once

#include "SearchQuery.h"

namespace ns {

/// Reads a search query's text into a SearchQuery (see SearchQuery for the language). One use.
class SearchQueryParser
{
public:
    SearchQueryParser(QString text, SearchClock clock);

    /// The query; on error an empty one, with `error` set to the first problem found.
    SearchQuery parse(SearchParseError *error);

    /// The operator names, without their colon, in the order suggestions prefer them.
    static const QStringList &operatorNames();
    /// The closest of `candidates` to `word` (Damerau-Levenshtein, so a swap is one edit), or an
    /// empty string when none is close enough to be what was meant.
    static QString closest(const QString &word, const QStringList &candidates);

private:
    struct Token
    {
        bool isOr = false;
        bool ignorable = false; ///< A bare word without a letter or digit ("&"): nothing to search for.
        SearchTerm term;
    };

    bool next(Token *token); // False at the end or on an error (m_error set).
    bool readQuoted(int quoteAt, QString *value); // From the quote at `quoteAt`; moves past the closing one.
    bool readPrefixStar();                         // Consumes '*'s after a term; true if there were any.
    bool makeOperator(const QString &name, const QString &value, int nameAt, SearchTerm *term);
    bool makeText(SearchTerm::Field field, const QString &name, const QString &value, SearchTerm *term);
    bool makeDate(const QString &name, const QString &value, SearchTerm *term);
    bool fail(const QString &message, int position, int length);

    QString m_text;
    SearchClock m_clock;
    int m_pos = 0;
    SearchParseError m_error;
};

} // namespace ns
