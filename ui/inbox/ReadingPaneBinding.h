#pragma once

#include <QObject>

namespace ns {

class FolderList;
class InboxActions;
class InboxController;
class MessageListView;
class MessageView;

/// Keeps the reading pane on the list's selection: one selected message is shown (and becomes
/// read after the ReadDelay), an opened one (Return, double-click, its notification) is read at
/// once with the keys moved to its text, and several selected say how many. Open Link and the
/// pane's own links say in the status bar when no browser took them.
class ReadingPaneBinding : public QObject
{
    Q_OBJECT

public:
    ReadingPaneBinding(MessageListView *list, MessageView *view, FolderList *folders, InboxActions *actions,
                       InboxController *controller, QObject *parent);

    /// Opens the selected message: shown again even if it is, marked read now, keys to its text.
    void openCurrent();

Q_SIGNALS:
    /// The pane changed what it shows (the commands that depend on it, like Open Link, follow).
    void shown();
    void statusMessage(const QString &text, int timeoutMs);

private:
    void showSelection();
    QString folderName() const;

    MessageListView *m_list;
    MessageView *m_view;
    FolderList *m_folders;
    InboxController *m_controller;
    qint64 m_shownId = 0;
    bool m_opening = false; ///< The selection is being opened, not only shown.
};

} // namespace ns
