#pragma once

#include "ConnectionState.h"
#include "InboxViewSpec.h"

#include "EmptyListNote.h"

namespace ns {

class MessageListModel;

/// Said in the middle of the message list when it has no rows: what happened (an empty folder,
/// a search without hits, a server that cannot be reached) and what to do, instead of a blank list.
class EmptyStateOverlay : public EmptyListNote
{
    Q_OBJECT

public:
    /// What the overlay says: a line in bold, and a hint below it.
    struct Explanation
    {
        QString title;
        QString hint;
    };

    /// Over `view`'s viewport; follows `model`'s view (folder, search) and the rows `view` shows.
    EmptyStateOverlay(QAbstractItemView *view, MessageListModel *model);

    /// The connection state, for an empty list that may be empty because of it.
    void setConnectionState(ConnectionState state);
    /// Why a list of `spec` is empty, with the connection in `state`.
    static Explanation explain(const InboxViewSpec &spec, ConnectionState state);

private:
    void refresh() override;

    MessageListModel *m_model;
    ConnectionState m_state = ConnectionState::Stopped;
};

} // namespace ns
