#include "EmptyStateOverlay.h"

#include "MessageListModel.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace ns {

namespace {

// Where new messages would show: an empty one of these may be empty because nothing can arrive.
bool receivesArrivals(InboxFilter filter)
{
    return filter == InboxFilter::Inbox || filter == InboxFilter::Unread || filter == InboxFilter::All;
}

} // namespace

EmptyStateOverlay::EmptyStateOverlay(QAbstractItemView *view, MessageListModel *model)
    : QWidget(view->viewport()), m_view(view), m_model(model), m_title(new QLabel(this)), m_hint(new QLabel(this))
{
    setObjectName(QStringLiteral("emptyState"));
    for (QLabel *label : {m_title, m_hint}) {
        label->setTextFormat(Qt::PlainText);
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
        label->setForegroundRole(QPalette::Text);
    }
    QFont font = m_title->font();
    font.setBold(true);
    if (font.pointSizeF() > 0) // A font set in pixels has no point size.
        font.setPointSizeF(font.pointSizeF() * 1.15);
    m_title->setFont(font);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_title);
    layout->addWidget(m_hint);
    layout->addStretch(2);
    // Clicks go to the list below (its context menu, its focus).
    setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    QAbstractItemModel *rows = view->model();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(rows, signal, this, &EmptyStateOverlay::refresh);
    connect(rows, &QAbstractItemModel::modelReset, this, &EmptyStateOverlay::refresh);
    connect(rows, &QAbstractItemModel::layoutChanged, this, &EmptyStateOverlay::refresh);
    connect(model, &MessageListModel::specChanged, this, &EmptyStateOverlay::refresh);
    refresh();
}

void EmptyStateOverlay::setConnectionState(ConnectionState state)
{
    m_state = state;
    refresh();
}

QString EmptyStateOverlay::title() const
{
    return m_title->text();
}

QString EmptyStateOverlay::hint() const
{
    return m_hint->text();
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
    const bool empty = m_view->model() && m_view->model()->rowCount() == 0 && !m_model->failure().isError();
    if (empty) {
        const Explanation e = explain(m_model->spec(), m_state);
        m_title->setText(e.title);
        m_hint->setText(e.hint);
        setGeometry(m_view->viewport()->rect());
        raise();
    }
    setVisible(empty);
}

bool EmptyStateOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

} // namespace ns
