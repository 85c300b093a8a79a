#include "SearchCompletion.h"

#include "SearchQuery.h"

namespace ns {
namespace {

const QString From = QStringLiteral("from:");

} // namespace

SearchCompletion SearchCompletion::at(const QString &text, int cursor)
{
    SearchCompletion c;
    if (cursor < 0 || cursor > text.size() || (cursor < text.size() && !text.at(cursor).isSpace()))
        return c; // Mid-word: completing would cut the rest of it.
    c.m_cursor = cursor;
    const QString before = text.left(cursor);
    if (before.count(QLatin1Char('"')) % 2 != 0) {
        // Inside quotes: only from:"Two wor... is completed, not a phrase.
        const qsizetype quote = before.lastIndexOf(QLatin1Char('"'));
        if (quote >= From.size() && before.mid(quote - From.size(), From.size()).compare(From, Qt::CaseInsensitive) == 0
            && (quote == From.size() || before.at(quote - From.size() - 1).isSpace()
                || before.at(quote - From.size() - 1) == QLatin1Char('-'))) {
            c.m_kind = Kind::Sender;
            c.m_start = int(quote - From.size());
            c.m_senderPrefix = before.mid(quote + 1);
            c.m_typed = before.mid(c.m_start);
        }
        return c;
    }
    int start = cursor;
    while (start > 0 && !text.at(start - 1).isSpace())
        --start;
    if (start < cursor && text.at(start) == QLatin1Char('-'))
        ++start;
    const QString word = text.mid(start, cursor - start);
    c.m_start = start;
    c.m_typed = word;
    if (word.isEmpty() || word.startsWith(QLatin1Char('"')) || word == QLatin1String("OR"))
        return c;
    if (word.startsWith(From, Qt::CaseInsensitive)) {
        c.m_kind = Kind::Sender;
        c.m_senderPrefix = word.mid(From.size());
        return c;
    }
    if (word.contains(QLatin1Char(':')))
        return c; // Another operator's value: dates, numbers, keys are the person's to type.
    if (!c.candidates().isEmpty())
        c.m_kind = Kind::Operator;
    return c;
}

QStringList SearchCompletion::operators()
{
    QStringList out;
    for (const QString &name : SearchQuery::operatorNames()) {
        if (name == QLatin1String("is:"))
            out << QStringLiteral("is:unread") << QStringLiteral("is:read");
        else if (name == QLatin1String("in:"))
            out << QStringLiteral("in:inbox") << QStringLiteral("in:archived") << QStringLiteral("in:snoozed")
                << QStringLiteral("in:inactive") << QStringLiteral("in:all");
        else if (name == QLatin1String("has:"))
            out << QStringLiteral("has:link");
        else
            out << name;
    }
    return out;
}

QStringList SearchCompletion::candidates(const QStringList &senders) const
{
    QStringList out;
    if (m_kind == Kind::Sender) {
        for (const QString &s : senders)
            out.append(senderTerm(s));
        return out;
    }
    for (const QString &op : operators()) {
        if (op.startsWith(m_typed, Qt::CaseInsensitive) && op.compare(m_typed, Qt::CaseInsensitive) != 0)
            out.append(op);
    }
    return out;
}

QString SearchCompletion::senderTerm(const QString &sender)
{
    if (!sender.contains(QLatin1Char(' ')) && !sender.contains(QLatin1Char('"')) && !sender.contains(QLatin1Char('\t')))
        return From + sender;
    QString quoted = sender;
    quoted.replace(QLatin1Char('"'), QLatin1Char(' ')); // The query language has no escaped quote.
    return From + QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString SearchCompletion::apply(const QString &text, const QString &completion, int *cursor) const
{
    QString out = text.left(m_start) + completion;
    // A term that is complete gets its space; "from:" still waits for its value.
    const bool complete = !completion.endsWith(QLatin1Char(':'));
    QString rest = text.mid(m_cursor);
    if (complete && !rest.startsWith(QLatin1Char(' ')))
        rest.prepend(QLatin1Char(' '));
    *cursor = int(out.size()) + (complete ? 1 : 0);
    return out + rest;
}

} // namespace ns
