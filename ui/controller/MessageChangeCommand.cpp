#include "MessageChangeCommand.h"

#include "InboxController.h"

namespace ns {

MessageChangeCommand::MessageChangeCommand(InboxController *controller, const QString &text, const InboxCommand &forward,
                                           const InboxCommandResult &result)
    : m_controller(controller), m_forward(forward), m_inverse(inverseOf(forward, result))
{
    setText(text);
}

InboxCommand MessageChangeCommand::inverseOf(const InboxCommand &forward, const InboxCommandResult &result)
{
    switch (forward.kind) {
    case InboxCommand::Kind::MarkBucketsRead:
    case InboxCommand::Kind::MarkIdsRead:
        // Mark All as Read: the messages it marked, unread again, one record each (no watermark
        // can say "unread").
        return InboxCommand::bulk(InboxCommand::Kind::BulkRead, MessageSelection::of(result.ids), 0);
    default: break;
    }
    return InboxCommand::restore(result.before);
}

void MessageChangeCommand::undo()
{
    m_controller->runFromUndoStack(m_inverse, nullptr);
}

void MessageChangeCommand::redo()
{
    if (std::exchange(m_done, false))
        return; // Pushed after it was done.
    m_controller->runFromUndoStack(m_forward, this);
}

} // namespace ns
