#include "EmptyStateOverlay.h"

#include "MessageListModel.h"

#include <QAbstractItemView>

namespace ns {

namespace {

// Where new messages would show: an empty one of these may be empty because nothing can arrive.
bool receivesArrivals(InboxFilter filter)
{
    return filter == InboxFilter::Inbox || filter == InboxFilter::Unread || filter == InboxFilter::All;
}

} // namespace

EmptyStateOverlay::EmptyStateOverlay(QAbstractItemView *view, MessageListModel *model) : EmptyListNote(view), m_model(model)
{
    setObjectName(QStringLiteral("emptyState"));
    followRows(view->model());
    connect(model, &MessageListModel::specChanged, this, &EmptyStateOverlay::refresh);
    refresh();
}

void EmptyStateOverlay::setConnectionState(ConnectionState state)
{
    m_state = state;
    refresh();
}

EmptyStateOverlay::Explanation EmptyStateOverlay::explain(const InboxViewSpec &spec, ConnectionState state)
{
    if (!spec.searchText.trimmed().isEmpty())
        return {tr("No messages match “%1”").arg(spec.searchText.trimmed()),
                tr("Try fewer or other words, or search in All messages. Esc clears the search.")};
    if (receivesArrivals(spec.filter)) {
        switch (state) {
        case ConnectionState::BrokerUnreachable:
        case ConnectionState::BrokerNotResponding:
            return {tr("No messages: the server cannot be reached"),
                    tr("New messages arrive as soon as it can. Check your network, and the server address in File > Settings.")};
        case ConnectionState::AuthenticationFailed:
            return {tr("No messages: signing in to the server failed"),
                    tr("Check the user name and password in File > Settings.")};
        case ConnectionState::TlsFailed:
            return {tr("No messages: the secure connection failed"),
                    tr("Check the security and certificate settings in File > Settings.")};
        case ConnectionState::NotAuthorized:
            return {tr("No messages: the server refuses access to them"),
                    tr("Check the user in File > Settings, or ask your administrator for access.")};
        case ConnectionState::TopicMissing:
            return {tr("No messages yet"), tr("Your messages appear here when the first one is sent to you.")};
        case ConnectionState::StorageError:
            return {tr("No messages: they cannot be stored"),
                    tr("The disk may be full or read-only; the bar above the list says more.")};
        case ConnectionState::Stopped:
        case ConnectionState::Connecting:
        case ConnectionState::Connected:
            break;
        }
    }
    switch (spec.filter) {
    case InboxFilter::Inbox: return {tr("Your inbox is empty"), tr("New messages appear here as they arrive.")};
    case InboxFilter::Unread: return {tr("No unread messages"), tr("You have read everything.")};
    case InboxFilter::Snoozed:
        return {tr("Nothing is snoozed"), tr("Snooze (B) puts a message away until the time you choose.")};
    case InboxFilter::Archived:
        return {tr("Nothing is archived"), tr("Archive (Delete) moves a message here, out of the inbox.")};
    case InboxFilter::Inactive:
        return {tr("No inactive messages"), tr("Messages their sender marked inactive are listed here.")};
    case InboxFilter::All: return {tr("No messages yet"), tr("Messages appear here as they arrive.")};
    }
    return {};
}

void EmptyStateOverlay::refresh()
{
    const bool empty = view()->model() && view()->model()->rowCount() == 0 && !m_model->failure().isError();
    const Explanation e = empty ? explain(m_model->spec(), m_state) : Explanation{};
    present(empty, e.title, e.hint);
}

} // namespace ns
