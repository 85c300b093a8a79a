#include "SearchQueryParser.h"

#include "InboxFilter.h"
#include "SearchDay.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace ns {
namespace {

bool hasWordCharacter(const QString &s)
{
    return std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.isLetterOrNumber(); });
}

// Optimal string alignment distance: Levenshtein plus the swap of two neighbours ("form", "from").
int editDistance(const QString &a, const QString &b)
{
    const qsizetype n = a.size(), m = b.size();
    std::vector<std::vector<int>> d(static_cast<size_t>(n + 1), std::vector<int>(static_cast<size_t>(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[size_t(i)][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            int v = std::min({d[size_t(i - 1)][size_t(j)] + 1, d[size_t(i)][size_t(j - 1)] + 1,
                              d[size_t(i - 1)][size_t(j - 1)] + cost});
            if (i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2) && a.at(i - 2) == b.at(j - 1))
                v = std::min(v, d[size_t(i - 2)][size_t(j - 2)] + 1);
            d[size_t(i)][size_t(j)] = v;
        }
    }
    return d[size_t(n)][size_t(m)];
}

QVector<int> bucketsWhere(bool (*keep)(int))
{
    QVector<int> out;
    for (int b = 0; b < MessageBucket::Count; ++b) {
        if (keep(b))
            out.append(b);
    }
    return out;
}

// The folders in: names (InboxFilter's names, but Unread is is:unread, not a folder).
const QStringList &folderNames()
{
    static const QStringList names{QStringLiteral("inbox"), QStringLiteral("archived"), QStringLiteral("snoozed"),
                                   QStringLiteral("inactive"), QStringLiteral("all")};
    return names;
}

QString example(const QString &name)
{
    static const QHash<QString, QString> examples{
        {QStringLiteral("is"), QStringLiteral("is:unread")},        {QStringLiteral("in"), QStringLiteral("in:archived")},
        {QStringLiteral("from"), QStringLiteral("from:system")},    {QStringLiteral("subject"), QStringLiteral("subject:invoice")},
        {QStringLiteral("body"), QStringLiteral("body:invoice")},   {QStringLiteral("url"), QStringLiteral("url:example.org")},
        {QStringLiteral("has"), QStringLiteral("has:link")},        {QStringLiteral("before"), QStringLiteral("before:2026-11-30")},
        {QStringLiteral("after"), QStringLiteral("after:7d")},      {QStringLiteral("on"), QStringLiteral("on:yesterday")},
        {QStringLiteral("partition"), QStringLiteral("partition:3")}, {QStringLiteral("offset"), QStringLiteral("offset:1234")},
        {QStringLiteral("key"), QStringLiteral("key:order-17")},
    };
    return examples.value(name);
}

// "a, b or c"
QString alternatives(const QStringList &words)
{
    if (words.size() < 2)
        return words.join(QString());
    return words.mid(0, words.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + words.last();
}

} // namespace

SearchQueryParser::SearchQueryParser(QString text, SearchClock clock) : m_text(std::move(text)), m_clock(std::move(clock))
{
}

const QStringList &SearchQueryParser::operatorNames()
{
    static const QStringList names{QStringLiteral("from"),   QStringLiteral("subject"),   QStringLiteral("body"),
                                   QStringLiteral("is"),     QStringLiteral("in"),        QStringLiteral("url"),
                                   QStringLiteral("has"),    QStringLiteral("before"),    QStringLiteral("after"),
                                   QStringLiteral("on"),     QStringLiteral("partition"), QStringLiteral("offset"),
                                   QStringLiteral("key")};
    return names;
}

QString SearchQueryParser::closest(const QString &word, const QStringList &candidates)
{
    // One edit for short words, two from five letters: "form" is from, but "on" is not "in".
    const int allowed = word.size() <= 4 ? 1 : 2;
    QString best;
    int bestDistance = allowed + 1;
    for (const QString &c : candidates) {
        const int d = editDistance(word, c);
        if (d < bestDistance && d < std::max(word.size(), c.size())) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

bool SearchQueryParser::fail(const QString &message, int position, int length)
{
    if (!m_error.isError())
        m_error = {message, position, length};
    return false;
}

bool SearchQueryParser::readQuoted(int quoteAt, QString *value)
{
    const qsizetype close = m_text.indexOf(QLatin1Char('"'), quoteAt + 1);
    if (close < 0) {
        return fail(QStringLiteral("unbalanced quote: the \" at column %1 is never closed").arg(quoteAt + 1), quoteAt,
                    int(m_text.size()) - quoteAt);
    }
    *value = m_text.mid(quoteAt + 1, close - quoteAt - 1);
    m_pos = int(close) + 1;
    return true;
}

bool SearchQueryParser::readPrefixStar()
{
    bool any = false;
    while (m_pos < m_text.size() && m_text.at(m_pos) == QLatin1Char('*')) {
        ++m_pos;
        any = true;
    }
    return any;
}

bool SearchQueryParser::next(Token *token)
{
    const qsizetype n = m_text.size();
    while (m_pos < n && m_text.at(m_pos).isSpace())
        ++m_pos;
    if (m_pos >= n)
        return false;
    *token = {};
    SearchTerm &term = token->term;
    const int start = m_pos;
    if (m_text.at(m_pos) == QLatin1Char('-')) {
        if (m_pos + 1 >= n || m_text.at(m_pos + 1).isSpace())
            return fail(QStringLiteral("'-' needs a word or an operator right after it, as in -from:system"), m_pos, 1);
        term.negated = true;
        ++m_pos;
    }
    const int termAt = m_pos;
    if (m_text.at(m_pos) == QLatin1Char('"')) {
        if (!readQuoted(m_pos, &term.text))
            return false;
        term.quoted = true;
        term.prefix = readPrefixStar();
        if (!hasWordCharacter(term.text))
            return fail(QStringLiteral("\"%1\" has no letter or digit to search for").arg(term.text), start, m_pos - start);
    } else {
        while (m_pos < n && !m_text.at(m_pos).isSpace() && m_text.at(m_pos) != QLatin1Char('"'))
            ++m_pos;
        const QString word = m_text.mid(termAt, m_pos - termAt);
        if (!term.negated && word == QLatin1String("OR")) {
            token->isOr = true;
            term.position = start;
            term.length = 2;
            return true;
        }
        static const QRegularExpression operatorForm(QStringLiteral("^([A-Za-z]+):(.*)$"),
                                                     QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch op = operatorForm.match(word);
        // "https://..." is a link someone pasted, not an operator.
        if (op.hasMatch() && !op.captured(2).startsWith(QLatin1String("//"))) {
            const QString name = op.captured(1).toLower();
            QString value = op.captured(2);
            bool quotedValue = false;
            if (value.isEmpty() && m_pos < n && m_text.at(m_pos) == QLatin1Char('"')) {
                if (!readQuoted(m_pos, &value))
                    return false;
                quotedValue = true;
            }
            bool prefix = readPrefixStar();
            if (!quotedValue) {
                while (value.endsWith(QLatin1Char('*'))) {
                    value.chop(1);
                    prefix = true;
                }
            }
            term.quoted = quotedValue;
            term.prefix = prefix;
            if (!makeOperator(name, value, termAt, &term))
                return false;
        } else {
            term.text = word;
            while (term.text.endsWith(QLatin1Char('*'))) {
                term.text.chop(1);
                term.prefix = true;
            }
            token->ignorable = !hasWordCharacter(term.text);
        }
    }
    term.position = start;
    term.length = m_pos - start;
    term.source = m_text.mid(termAt, m_pos - termAt);
    return true;
}

bool SearchQueryParser::makeOperator(const QString &name, const QString &value, int nameAt, SearchTerm *term)
{
    const int valueAt = nameAt + int(name.size()) + 1;
    const int valueLength = std::max(1, m_pos - valueAt);
    if (!operatorNames().contains(name)) {
        const QString typed = m_text.mid(nameAt, name.size() + 1);
        const QString guess = closest(name, operatorNames());
        if (!guess.isEmpty()) {
            return fail(QStringLiteral("unknown operator '%1' — did you mean '%2:'?").arg(typed, guess), nameAt,
                        int(name.size()) + 1);
        }
        return fail(QStringLiteral("unknown operator '%1' — to search for the text itself, put it in quotes: \"%1\"")
                        .arg(typed),
                    nameAt, int(name.size()) + 1);
    }
    if (value.trimmed().isEmpty())
        return fail(QStringLiteral("%1: needs a value, as in %2").arg(name, example(name)), nameAt, m_pos - nameAt);
    const QString v = value.toLower();
    if (name == QLatin1String("is")) {
        static const QStringList states{QStringLiteral("unread"), QStringLiteral("read")};
        if (!states.contains(v)) {
            const QString guess = closest(v, states);
            return fail(guess.isEmpty()
                            ? QStringLiteral("unknown value '%1' for is: — is: takes unread or read").arg(value)
                            : QStringLiteral("unknown value '%1' for is: — did you mean 'is:%2'?").arg(value, guess),
                        valueAt, valueLength);
        }
        term->kind = SearchTerm::Kind::State;
        term->buckets = v == QLatin1String("read") ? bucketsWhere([](int b) { return MessageBucket::isRead(b); })
                                                   : bucketsWhere([](int b) { return !MessageBucket::isRead(b); });
        return true;
    }
    if (name == QLatin1String("in")) {
        InboxFilter filter = InboxFilter::All;
        if (!folderNames().contains(v) || !inboxFilterFromName(v, &filter)) {
            if (v == QLatin1String("unread") || v == QLatin1String("read"))
                return fail(QStringLiteral("'%1' is not a folder — did you mean 'is:%1'?").arg(v), nameAt, m_pos - nameAt);
            const QString guess = closest(v, folderNames());
            return fail(guess.isEmpty() ? QStringLiteral("unknown folder '%1' for in: — in: takes %2")
                                              .arg(value, alternatives(folderNames()))
                                        : QStringLiteral("unknown folder '%1' for in: — did you mean 'in:%2'?").arg(value, guess),
                        valueAt, valueLength);
        }
        term->kind = SearchTerm::Kind::State;
        term->folder = true;
        term->buckets = MessageBucket::of(filter);
        return true;
    }
    if (name == QLatin1String("has")) {
        if (v != QLatin1String("link"))
            return fail(QStringLiteral("unknown value '%1' for has: — has: takes link").arg(value), valueAt, valueLength);
        term->kind = SearchTerm::Kind::HasLink;
        return true;
    }
    if (name == QLatin1String("from"))
        return makeText(SearchTerm::Field::Sender, name, value, term);
    if (name == QLatin1String("subject"))
        return makeText(SearchTerm::Field::Subject, name, value, term);
    if (name == QLatin1String("body"))
        return makeText(SearchTerm::Field::Body, name, value, term);
    if (name == QLatin1String("url"))
        return makeText(SearchTerm::Field::Url, name, value, term);
    if (name == QLatin1String("before") || name == QLatin1String("after") || name == QLatin1String("on"))
        return makeDate(name, value, term);
    if (name == QLatin1String("partition") || name == QLatin1String("offset")) {
        static const QRegularExpression digits(QStringLiteral("^\\d{1,18}$"));
        const bool partition = name == QLatin1String("partition");
        bool ok = false;
        term->number = value.toLongLong(&ok);
        if (!ok || !digits.match(value).hasMatch() || (partition && term->number > std::numeric_limits<qint32>::max())) {
            return fail(QStringLiteral("%1: takes a whole number, as in %2").arg(name, example(name)), valueAt,
                        valueLength);
        }
        term->kind = partition ? SearchTerm::Kind::Partition : SearchTerm::Kind::Offset;
        return true;
    }
    // key: the Kafka key as stored, exactly (a debugging aid: no words, no case folding).
    term->kind = SearchTerm::Kind::Key;
    term->text = value;
    return true;
}

bool SearchQueryParser::makeText(SearchTerm::Field field, const QString &name, const QString &value, SearchTerm *term)
{
    if (!hasWordCharacter(value)) {
        return fail(QStringLiteral("%1: needs a letter or digit to look for, as in %2").arg(name, example(name)),
                    m_pos - int(value.size()) - (term->quoted ? 2 : 0), int(value.size()) + (term->quoted ? 2 : 0));
    }
    term->kind = SearchTerm::Kind::Text;
    term->field = field;
    term->text = value;
    return true;
}

bool SearchQueryParser::makeDate(const QString &name, const QString &value, SearchTerm *term)
{
    QString problem;
    const QDate day = SearchDay::parse(value, m_clock, &problem);
    if (!day.isValid()) {
        const int valueLength = int(value.size()) + (term->quoted ? 2 : 0);
        return fail(QStringLiteral("malformed date for %1: — %2").arg(name, problem), m_pos - valueLength, valueLength);
    }
    term->kind = SearchTerm::Kind::Date;
    const qint64 start = SearchDay::startMs(day, m_clock.zone);
    const qint64 end = SearchDay::startMs(day.addDays(1), m_clock.zone);
    if (name == QLatin1String("after")) {
        term->fromMs = start; // On that day or later.
    } else if (name == QLatin1String("before")) {
        term->toMs = start; // Before that day began.
    } else {
        term->fromMs = start;
        term->toMs = end;
    }
    return true;
}

SearchQuery SearchQueryParser::parse(SearchParseError *error)
{
    QVector<Token> tokens;
    Token token;
    while (next(&token))
        tokens.append(token);
    SearchQuery query;
    for (qsizetype i = 0; i < tokens.size() && !m_error.isError(); ++i) {
        if (tokens.at(i).isOr) {
            fail(QStringLiteral("OR needs a search term on each side, as in from:billing OR from:system"),
                 tokens.at(i).term.position, 2);
            break;
        }
        QVector<const Token *> alternatives{&tokens.at(i)};
        while (i + 1 < tokens.size() && tokens.at(i + 1).isOr) {
            if (i + 2 >= tokens.size() || tokens.at(i + 2).isOr) {
                fail(QStringLiteral("OR needs a search term on each side, as in from:billing OR from:system"),
                     tokens.at(i + 1).term.position, 2);
                break;
            }
            alternatives.append(&tokens.at(i + 2));
            i += 2;
        }
        if (m_error.isError())
            break;
        // A lone "&" among words searches for nothing (the index ignores punctuation, as it always
        // did); negated or as one side of OR it would change the meaning, so it is an error there.
        if (alternatives.size() == 1 && alternatives.first()->ignorable && !alternatives.first()->term.negated)
            continue;
        SearchQuery::Clause clause;
        for (const Token *t : std::as_const(alternatives)) {
            if (t->ignorable) {
                fail(QStringLiteral("'%1' has no letter or digit to search for").arg(t->term.source), t->term.position,
                     t->term.length);
                break;
            }
            clause.append(t->term);
        }
        query.append(std::move(clause));
    }
    *error = m_error;
    return m_error.isError() ? SearchQuery() : query;
}

} // namespace ns
