#pragma once

#include "InboxCommand.h"

#include <QObject>
#include <QStringList>

class QDateTime;
class QPoint;
class QWidget;

namespace ns {

class InboxActions;
class InboxController;
class MessageListModel;
class MessageListView;

/// The message commands of the window (read, archive, move back, snooze, next unread, the
/// list's context menu) applied to what the list has selected: one message through the
/// controller's single-message commands, several as one bulk command on the selection's rule.
/// Also decides which of those actions are enabled. Holds no state of its own beyond its parts.
class SelectionCommands : public QObject
{
    Q_OBJECT

public:
    /// Binds `actions` to `list`'s selection and `controller`; dialogs open over `window`.
    SelectionCommands(InboxActions *actions, MessageListView *list, InboxController *controller, QWidget *window);

    /// Enables the actions for the selection; `shownHasLink`: the reading pane's message has a link.
    void updateEnabled(bool shownHasLink);
    /// What Mark Read/Unread says, either way (the toolbar keeps the width of the longer).
    static QStringList toggleReadTexts();
    /// After `row` left the list, the row that took its place (or the last) is selected.
    void selectNear(int row);

Q_SIGNALS:
    /// A line for the status bar, shown for `timeoutMs`.
    void statusMessage(const QString &text, int timeoutMs);

private:
    MessageListModel *model() const;
    void connectActions();
    /// `kind` with `value` on the selection (a rule when it is large; see MessageListModel::selectionOf).
    void actOnSelection(InboxCommand::Kind kind, qint64 value);
    void toggleRead();
    void archive();
    void unsnooze();
    void goToUnread(bool forward);
    void snoozeSelected(const QDateTime &when);
    void popUpSnoozeMenu();
    void chooseSnoozeTime();
    void showListMenu(const QPoint &pos);

    InboxActions *m_actions;
    MessageListView *m_list;
    InboxController *m_controller;
    QWidget *m_window;
};

} // namespace ns
