#include "MessageDraft.h"

#include "ConnectionSettings.h"
#include "MessageCodec.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace ns {

QStringList DraftProblems::all() const
{
    QStringList out;
    for (const QString *p : {&recipients, &subject, &body, &referenceUrl, &size}) {
        if (!p->isEmpty())
            out.append(*p);
    }
    return out;
}

RecipientList MessageDraft::parseRecipients(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    RecipientList list;
    QSet<QString> seen;
    for (const QString &token : text.split(separators, Qt::SkipEmptyParts)) {
        // Python's uuid.UUID() takes either case and str() writes lowercase: the same user, and
        // the topic is always the lowercase form.
        const QString uuid = token.toLower();
        if (!isCanonicalUuid(uuid)) {
            list.invalid.append(token);
        } else if (seen.contains(uuid)) {
            ++list.duplicates;
        } else {
            seen.insert(uuid);
            list.valid.append(uuid);
        }
    }
    return list;
}

qsizetype MessageDraft::codePoints(const QString &text)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!(text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()))
            ++n;
    }
    return n;
}

QString MessageDraft::urlProblem(const QString &url)
{
    const QString text = url.trimmed();
    if (text.isEmpty())
        return {};
    if (codePoints(text) > MaxUrlLength)
        return tr("The link is longer than %1 characters.").arg(MaxUrlLength);
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.isRelative())
        return tr("The link is not a valid web address.");
    // Recipients open it with one click: only the web, never javascript:, file:, data: or ftp:.
    if (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))
        return tr("Only http and https links are allowed.");
    if (parsed.host().isEmpty())
        return tr("The link has no host name.");
    // "https://bank.example@evil.example" shows one host and opens another.
    if (!parsed.userInfo().isEmpty())
        return tr("Links with a user name or password are not allowed.");
    return {};
}

DraftProblems MessageDraft::validate() const
{
    DraftProblems p;
    const RecipientList list = parseRecipients(recipients);
    if (!list.invalid.isEmpty())
        p.recipients = tr("Not a user UUID: %1").arg(list.invalid.join(QStringLiteral(", ")));
    else if (list.valid.isEmpty())
        p.recipients = tr("Add at least one recipient.");

    // The seed stores subject and body in PostgreSQL text columns, which cannot hold U+0000:
    // one such message would make its consumer fail on every poll.
    const QChar nul(u'\0');
    const QString s = normalizedSubject();
    if (s.contains(nul))
        p.subject = tr("The subject contains a NUL character.");
    else if (s.isEmpty())
        p.subject = tr("A subject is required.");
    else if (codePoints(s) > MaxSubjectLength)
        p.subject = tr("The subject has %1 characters; at most %2 are allowed.").arg(codePoints(s)).arg(MaxSubjectLength);

    if (body.trimmed().isEmpty())
        p.body = tr("A message text is required.");
    else if (body.contains(nul))
        p.body = tr("The text contains a NUL character.");
    p.referenceUrl = urlProblem(referenceUrl);

    if (p.isEmpty()) {
        // Readers (ours and the broker's default max.message.bytes) refuse anything larger; the margin
        // covers the uuid, created_by and created_date added at send time.
        const qsizetype size = MessageCodec::encode(toMessage(QStringLiteral("System Account"))).size() + 2048;
        if (size > MessageCodec::MaxValueSize)
            p.size = tr("The message is too large to send (%1 KiB; at most %2 KiB).").arg(size / 1024).arg(MessageCodec::MaxValueSize / 1024);
    }
    return p;
}

Message MessageDraft::toMessage(const QString &createdBy) const
{
    Message m;
    m.subject = normalizedSubject();
    m.body = body;
    m.referenceUrl = normalizedUrl();
    m.isActive = isActive;
    if (!createdBy.isEmpty())
        m.createdBy = createdBy;
    return m;
}

} // namespace ns
