#include "TopicLifeNotices.h"

#include "StoreCheck.h"

#include <QLocale>

#include <utility>

namespace ns {

std::optional<QString> TopicLifeNotices::topicRecreated(const QString &topic, const QString &retiredAs, qint64 keptMessages)
{
    if (m_retired.contains(retiredAs))
        return std::nullopt;
    m_retired.insert(retiredAs);
    const QString kept = keptMessages == 1
                             ? tr("1 earlier message kept as %1").arg(retiredAs)
                             : tr("%1 earlier messages kept as %2").arg(QLocale().toString(keptMessages), retiredAs);
    return tr("Your message topic %1 was deleted and created again on the server: %2, with their read, archived "
              "and snoozed marks. New messages are read from the new topic's beginning.")
        .arg(topic, kept);
}

std::optional<QString> TopicLifeNotices::stateTopicRecreated(const QString &topic)
{
    if (std::exchange(m_toldStateTopic, true))
        return std::nullopt;
    return tr("Your state topic %1 was deleted and created again on the server. The read, archived and snoozed "
              "marks on this desktop stay; it reads the new topic from its beginning and sends its changes that "
              "were not confirmed yet again.")
        .arg(topic);
}

std::optional<QString> TopicLifeNotices::storeChecked(const StoreCheckReport &report)
{
    if (report.outcome == StoreCheckReport::Outcome::Sound || std::exchange(m_toldCheck, true))
        return std::nullopt;
    if (report.outcome == StoreCheckReport::Outcome::Failed) {
        // Left as it is (it may be something else a person named): a restart would meet it again.
        const bool damaged = report.error.kind == StoreError::Kind::Corrupt || report.error.kind == StoreError::Kind::Io;
        return unusable(report.error, damaged ? tr("Move the file away (keep it if you need what it held) and start NS Inbox "
                                                   "again: it makes a new inbox and fills it from the server.")
                                              : whatToDo(report.error.kind));
    }
    QString text = tr("The inbox file was damaged (%1). It is kept as %2, and a new one is filled again from the "
                      "server.")
                       .arg(report.damage, report.damagedCopy);
    text += u' ' + tr("Saved from it: %1 unsent messages and %2 changes not synced yet.")
                       .arg(QLocale().toString(report.savedOutbox), QLocale().toString(report.savedStateChanges));
    if (report.outboxUnreadable)
        text += u' ' + tr("Part of its outbox could not be read: unsent messages there may be lost (they are in the damaged copy).");
    text += u' '
            + (report.damagedMessages >= 0
                   ? tr("Not recovered: of its %1 messages, those the server no longer keeps are only in the damaged "
                        "copy, and read, archived and snoozed marks that never reached your other desktops are lost.")
                         .arg(QLocale().toString(report.damagedMessages))
                   : tr("Not recovered: messages the server no longer keeps are only in the damaged copy, and read, "
                        "archived and snoozed marks that never reached your other desktops are lost."));
    return text;
}

std::optional<QString> TopicLifeNotices::storeUnusable(const StoreError &error)
{
    return unusable(error, whatToDo(error.kind));
}

std::optional<QString> TopicLifeNotices::unusable(const StoreError &error, const QString &whatToDo)
{
    // The worker meets the failure again at each retry, each time in another statement: one kind
    // of failure that no retry mends is one thing to tell.
    if (m_toldUnusable.contains(static_cast<int>(error.kind)))
        return std::nullopt;
    m_toldUnusable.insert(static_cast<int>(error.kind));
    return tr("The inbox file cannot be used: %1. New messages are not stored. %2").arg(error.text, whatToDo);
}

QString TopicLifeNotices::whatToDo(StoreError::Kind kind)
{
    switch (kind) {
    case StoreError::Kind::Corrupt:
        return tr("Quit NS Inbox and start it again: it checks the whole file, keeps it aside and rebuilds the inbox from the server.");
    case StoreError::Kind::Schema:
        return tr("It was written by a newer NS Inbox: use that version, or move the file away to start again from the server.");
    case StoreError::Kind::Library:
        return tr("NS Inbox and Qt use different SQLite libraries: reinstall NS Inbox from its package.");
    default: break;
    }
    return tr("Quit NS Inbox, free the disk or fix the file's permissions, and start it again.");
}

} // namespace ns
