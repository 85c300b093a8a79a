#include "FtsQuery.h"

#include <QStringList>
#include <QVector>

namespace ns {
namespace {

struct Term
{
    QString text;
    bool prefix = false;
    bool open = false; ///< A word or an unterminated phrase the user may still be typing.
};

bool hasWordCharacter(const QString &s)
{
    for (const QChar c : s) {
        if (c.isLetterOrNumber())
            return true;
    }
    return false;
}

// Letters and digits at the end of a term: the token a prefix query would apply to.
int trailingWordLength(const QString &s)
{
    int n = 0;
    for (auto it = s.crbegin(); it != s.crend() && it->isLetterOrNumber(); ++it)
        ++n;
    return n;
}

// Inside an FTS5 string only the double quote is special, and it is escaped by doubling.
QString ftsString(const QString &s)
{
    QString body = s;
    body.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + body + QLatin1Char('"');
}

QVector<Term> split(const QString &text)
{
    QVector<Term> terms;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (text.at(i).isSpace()) {
            ++i;
            continue;
        }
        Term term;
        if (text.at(i) == QLatin1Char('"')) {
            const qsizetype end = text.indexOf(QLatin1Char('"'), i + 1);
            term.open = end < 0;
            term.text = text.mid(i + 1, term.open ? -1 : end - i - 1);
            i = term.open ? n : end + 1;
        } else {
            const qsizetype start = i;
            while (i < n && !text.at(i).isSpace() && text.at(i) != QLatin1Char('"'))
                ++i;
            term.text = text.mid(start, i - start);
            term.open = true;
        }
        while (term.text.endsWith(QLatin1Char('*'))) {
            term.text.chop(1);
            term.prefix = true;
        }
        while (i < n && text.at(i) == QLatin1Char('*')) {
            ++i;
            term.prefix = true;
        }
        terms.append(term);
    }
    return terms;
}

} // namespace

QString FtsQuery::fromUserText(const QString &input)
{
    // Control characters (NUL included) are separators: they must never reach the FTS parser.
    QString text = input;
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    QVector<Term> terms = split(text);
    const bool stillTyping = !text.isEmpty() && !text.back().isSpace();
    if (stillTyping && !terms.isEmpty()) {
        Term &last = terms.last();
        if (last.open && !last.prefix && trailingWordLength(last.text) >= 2)
            last.prefix = true;
    }
    QStringList parts;
    for (const Term &t : std::as_const(terms)) {
        if (hasWordCharacter(t.text))
            parts.append(ftsString(t.text) + (t.prefix ? QStringLiteral("*") : QString()));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace ns
