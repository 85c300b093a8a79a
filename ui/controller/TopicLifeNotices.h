#pragma once

#include "StoreError.h"

#include <QCoreApplication>
#include <QSet>
#include <QString>

#include <optional>

namespace ns {

struct StoreCheckReport;

/// What the window says when the topics or the store change under it (issue 26): the user's topic
/// deleted and created again, the state topic created again, a damaged store set aside and
/// rebuilt, a store that cannot be used. Each event is told once: asked again about the same
/// event (the same retired name, the same kind of failure), it answers nothing. Without widgets: the
/// InboxController puts the text in its notice.
class TopicLifeNotices
{
    Q_DECLARE_TR_FUNCTIONS(ns::TopicLifeNotices)

public:
    /// The user's topic was created again; its earlier messages are kept under `retiredAs`.
    std::optional<QString> topicRecreated(const QString &topic, const QString &retiredAs, qint64 keptMessages);
    /// The state topic was created again (told once a session: nothing more for a person to do
    /// the next time; the log has each).
    std::optional<QString> stateTopicRecreated(const QString &topic);
    /// What the check at start did (nothing when the store was sound).
    std::optional<QString> storeChecked(const StoreCheckReport &report);
    /// The store failed in a way no retry mends: the reason, and what to do about it.
    std::optional<QString> storeUnusable(const StoreError &error);

private:
    std::optional<QString> unusable(const StoreError &error, const QString &whatToDo);
    static QString whatToDo(StoreError::Kind kind);

    QSet<QString> m_retired;  ///< The retired names told (one per recreation).
    bool m_toldStateTopic = false;
    bool m_toldCheck = false;
    QSet<int> m_toldUnusable; ///< The kinds of failure told (StoreError::Kind).
};

} // namespace ns
