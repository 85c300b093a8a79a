#pragma once

#include "Message.h"
#include "Person.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>
#include <QVector>

namespace ns {

/// A message kept for reuse: subject, body and link with placeholders, `{name}`, `{email}`,
/// `{department}` and `{uuid}`, filled per recipient from the address book when it is sent
/// (`{{` and `}}` write a brace). Filled before anything is produced: the wire carries plain
/// text, exactly the envelope the web service reads.
struct MessageTemplate
{
    Q_DECLARE_TR_FUNCTIONS(ns::MessageTemplate)

public:
    qint64 id = 0;
    QString name;
    QString subject;
    QString body;
    QString referenceUrl;
    bool isActive = true;

    /// A placeholder no recipient can fill, and for how many of them.
    struct Gap
    {
        QString placeholder; ///< Without braces, e.g. "department".
        int missing = 0;     ///< Recipients without a value for it.
        QStringList examples; ///< A few of their UUIDs.
    };

    /// The placeholders the fields use, sorted, without braces.
    QStringList placeholders() const;
    static QStringList placeholdersIn(const QString &text);
    /// `text` with every placeholder filled from `values`; one without a value stays as written.
    static QString fill(const QString &text, const QHash<QString, QString> &values);
    /// The values a recipient fills in: uuid always, the others from the book when not empty.
    static QHash<QString, QString> valuesFor(const QString &uuid, const Person *person);
    /// The message for one recipient: `base` (uuid, sender, dates) with the fields filled.
    Message messageFor(const Message &base, const QHash<QString, QString> &values) const;
    /// Every placeholder that some recipients have no value for (unknown ones: all of them).
    QVector<Gap> check(const QStringList &recipients, const QHash<QString, Person> &people) const;
    /// "{department} has no value for 12 of 1,000 recipients", one line per gap.
    static QStringList describe(const QVector<Gap> &gaps, int recipients);
    /// Whether the text uses placeholders at all (a plain message needs no per-recipient copy).
    bool isPersonal() const { return !placeholders().isEmpty(); }
};

} // namespace ns
