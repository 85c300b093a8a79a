#pragma once

#include "Message.h"

#include <QCoreApplication>
#include <QStringList>

namespace ns {

/// The recipients typed or pasted into one field, parsed.
struct RecipientList
{
    QStringList valid;    ///< Canonical lowercase UUIDs, duplicates removed, in the order first given.
    QStringList invalid;  ///< Entries that are not user UUIDs, as typed.
    int duplicates = 0;   ///< Entries dropped because they repeat an earlier one.
};

/// What the compose dialog and `ns-inbox send` found wrong with a draft: one message per field,
/// empty when the field is fine.
struct DraftProblems
{
    QString recipients;
    QString subject;
    QString body;
    QString referenceUrl;
    QString size; ///< The encoded message would be larger than a broker takes.

    bool isEmpty() const
    {
        return recipients.isEmpty() && subject.isEmpty() && body.isEmpty() && referenceUrl.isEmpty() && size.isEmpty();
    }
    /// Every problem, one per line, for the command line.
    QStringList all() const;
};

/// A message being composed, with the rules the seed's web service imposes on what we send.
class MessageDraft
{
    Q_DECLARE_TR_FUNCTIONS(ns::MessageDraft)

public:
    /// The seed model's CharField(max_length=255), counted in code points as Python and the database do.
    static constexpr qsizetype MaxSubjectLength = 255;
    /// Django's URLField default max_length: a longer reference_url breaks the seed's save().
    static constexpr qsizetype MaxUrlLength = 200;

    QString recipients;   ///< UUIDs separated by commas, semicolons, white space or new lines.
    QString subject;
    QString body;
    QString referenceUrl; ///< Optional.
    bool isActive = true;

    /// Splits, validates, lower-cases and de-duplicates a list of recipients.
    static RecipientList parseRecipients(const QString &text);
    /// Length as Python's len() counts it: a surrogate pair is one character.
    static qsizetype codePoints(const QString &text);

    /// The subject as it will be sent (white space trimmed at both ends).
    QString normalizedSubject() const { return subject.trimmed(); }
    QString normalizedUrl() const { return referenceUrl.trimmed(); }

    /// Checks every field; an empty result means the draft can be sent.
    DraftProblems validate() const;
    /// Problems with the reference URL alone (empty when it is fine or absent).
    static QString urlProblem(const QString &url);

    /// The message to send (no uuid or date yet: the outbox assigns them).
    Message toMessage(const QString &createdBy) const;
};

} // namespace ns
