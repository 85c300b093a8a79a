#pragma once

#include "InboxCommand.h"

#include <QUndoCommand>

namespace ns {

class InboxController;

/// One change a person made to messages, on the undo stack: `forward` did it; the inverse,
/// worked out from what the StoreWriter says it changed (the states before), takes it back. An
/// undo (and a redo) is a new change like any other: written by the StoreWriter and journaled to
/// the state topic, so the user's other desktops follow it.
class MessageChangeCommand : public QUndoCommand
{
public:
    /// Pushed once `forward` is written (its result known): the first redo() does nothing.
    MessageChangeCommand(InboxController *controller, const QString &text, const InboxCommand &forward,
                         const InboxCommandResult &result);

    void undo() override;
    void redo() override;

    /// The inverse of `forward` given what it changed (`result`).
    static InboxCommand inverseOf(const InboxCommand &forward, const InboxCommandResult &result);
    /// A redo was written: what it changed this time is what the next undo puts back.
    void redone(const InboxCommandResult &result) { m_inverse = inverseOf(m_forward, result); }

private:
    InboxController *m_controller;
    InboxCommand m_forward;
    InboxCommand m_inverse;
    bool m_done = true;
};

} // namespace ns
