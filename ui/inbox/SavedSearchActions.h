#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QAction;
class QWidget;

namespace ns {

class FolderList;
class MessageListModel;
class SavedSearchFolders;
class SearchBar;

/// Saved searches in the window: "Save Search" (beside the search box and in the menu) asks a
/// name and keeps the box's query as a folder; choosing one in the folder list runs it (every
/// folder, unless it has an in:); its context menu renames, edits, moves and deletes it;
/// Ctrl+7, Ctrl+8 and Ctrl+9 run the first three (Ctrl+1..6 are the folders).
class SavedSearchActions : public QObject
{
    Q_OBJECT

public:
    /// Asks the person for a text: `title`, `label`, the text to start from; nothing when cancelled.
    using Prompt = std::function<std::optional<QString>(const QString &title, const QString &label, const QString &text)>;

    SavedSearchActions(SavedSearchFolders *searches, FolderList *folders, SearchBar *bar, MessageListModel *model,
                       QWidget *window);

    QAction *saveAction() const { return m_save; }
    /// Puts Save Search right after `find` in the menu that holds it.
    void addSaveAfter(QAction *find);
    /// Ctrl+7..9, in order.
    const QList<QAction *> &runActions() const { return m_run; }
    /// Replaces the dialog (QInputDialog) that asks names and queries: for tests.
    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }

    /// Runs the saved search: its query in the box and the list.
    void run(qint64 id);

Q_SIGNALS:
    /// Something to tell in the status bar (a query that cannot be saved, a failed write).
    void told(const QString &text);

private:
    void saveCurrent();
    void rename(qint64 id);
    void edit(qint64 id);
    void showSearches();

    SavedSearchFolders *m_searches;
    FolderList *m_folders;
    SearchBar *m_bar;
    MessageListModel *m_model;
    QWidget *m_window;
    QAction *m_save;
    QList<QAction *> m_run;
    Prompt m_prompt;
    bool m_running = false; ///< A saved search is what the list shows.
};

} // namespace ns
