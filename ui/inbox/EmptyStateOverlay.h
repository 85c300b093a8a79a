#pragma once

#include "ConnectionState.h"
#include "InboxViewSpec.h"

#include <QWidget>

class QAbstractItemView;
class QLabel;

namespace ns {

class MessageListModel;

/// Said in the middle of the message list when it has no rows: what happened (an empty folder,
/// a search without hits, a server that cannot be reached) and what to do, instead of a blank list.
class EmptyStateOverlay : public QWidget
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

    QString title() const;
    QString hint() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();

    QAbstractItemView *m_view;
    MessageListModel *m_model;
    QLabel *m_title;
    QLabel *m_hint;
    ConnectionState m_state = ConnectionState::Stopped;
};

} // namespace ns
