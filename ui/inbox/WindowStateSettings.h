#pragma once

class QMainWindow;
class QSplitter;

namespace ns {

class MessageListModel;
class MessageListView;

/// What the inbox window remembers across runs, in the profile's settings: its geometry and
/// toolbars, both splitters, the list's columns, and the view (sort order and folder).
struct WindowStateSettings
{
    QMainWindow *window = nullptr;
    QSplitter *folderSplitter = nullptr;  ///< Folders | the rest.
    QSplitter *readingSplitter = nullptr; ///< The list above the reading pane.
    MessageListView *list = nullptr;
    MessageListModel *model = nullptr;
    int folderPaneWidth = 0; ///< The folder pane's width on a first run.

    /// Puts back what save() kept (defaults on a first run); the model gets the saved view.
    void restore() const;
    void save() const;
};

} // namespace ns
