#include "MessageTemplate.h"

#include <QLocale>
#include <QRegularExpression>

namespace ns {
namespace {

const QRegularExpression &placeholderPattern()
{
    // {{ and }} are escapes; a placeholder is a word in single braces.
    static const QRegularExpression pattern(QStringLiteral(R"(\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\})"));
    return pattern;
}

} // namespace

QStringList MessageTemplate::placeholdersIn(const QString &text)
{
    QStringList out;
    for (const QRegularExpressionMatch &m : placeholderPattern().globalMatch(text)) {
        if (m.hasCaptured(1) && !out.contains(m.captured(1)))
            out.append(m.captured(1));
    }
    return out;
}

QStringList MessageTemplate::placeholders() const
{
    QStringList out = placeholdersIn(subject) + placeholdersIn(body) + placeholdersIn(referenceUrl);
    out.removeDuplicates();
    out.sort();
    return out;
}

QString MessageTemplate::fill(const QString &text, const QHash<QString, QString> &values)
{
    QString out;
    qsizetype last = 0;
    for (const QRegularExpressionMatch &m : placeholderPattern().globalMatch(text)) {
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString token = m.captured(0);
        if (token == QLatin1String("{{"))
            out += QLatin1Char('{');
        else if (token == QLatin1String("}}"))
            out += QLatin1Char('}');
        else
            out += values.value(m.captured(1), token);
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

QHash<QString, QString> MessageTemplate::valuesFor(const QString &uuid, const Person *person)
{
    QHash<QString, QString> v{{QStringLiteral("uuid"), uuid}};
    if (!person)
        return v;
    const std::pair<const char *, const QString *> fields[] = {
        {"name", &person->name}, {"email", &person->email}, {"department", &person->department}};
    for (const auto &[key, value] : fields) {
        if (!value->isEmpty())
            v.insert(QString::fromLatin1(key), *value);
    }
    return v;
}

Message MessageTemplate::messageFor(const Message &base, const QHash<QString, QString> &values) const
{
    Message m = base;
    m.subject = fill(subject, values);
    m.body = fill(body, values);
    m.referenceUrl = fill(referenceUrl, values);
    m.isActive = isActive;
    return m;
}

QVector<MessageTemplate::Gap> MessageTemplate::check(const QStringList &recipients, const QHash<QString, Person> &people) const
{
    QVector<Gap> gaps;
    const QStringList used = placeholders();
    for (const QString &placeholder : used) {
        Gap gap{placeholder, 0, {}};
        for (const QString &uuid : recipients) {
            const auto it = people.constFind(uuid);
            if (valuesFor(uuid, it == people.cend() ? nullptr : &*it).contains(placeholder))
                continue;
            ++gap.missing;
            if (gap.examples.size() < 3)
                gap.examples.append(uuid);
        }
        if (gap.missing > 0)
            gaps.append(gap);
    }
    return gaps;
}

QStringList MessageTemplate::describe(const QVector<Gap> &gaps, int recipients)
{
    QStringList lines;
    const QLocale locale;
    for (const Gap &g : gaps) {
        lines.append(tr("{%1} has no value for %2 of %3 recipient(s), e.g. %4")
                         .arg(g.placeholder, locale.toString(g.missing), locale.toString(recipients), g.examples.join(QStringLiteral(", "))));
    }
    return lines;
}

} // namespace ns
