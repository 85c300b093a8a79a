#pragma once

#include "InboxFilter.h"

#include <QObject>

class QAction;
class QActionGroup;
class QMainWindow;
class QMenuBar;
class QUndoStack;
class QWidget;

namespace ns {

class AdaptiveToolBar;
class DocumentationLink;
class SnoozeMenu;

/// Every command of the inbox window, with its shortcut, and the menus and toolbar that show them.
///
/// Each action is in a menu, so every shortcut can also be found and used with the mouse.
class InboxActions : public QObject
{
    Q_OBJECT

public:
    explicit InboxActions(QWidget *window);

    void populateMenuBar(QMenuBar *bar) const;
    /// The window's toolbar ("Main"), with the commands used most.
    AdaptiveToolBar *addToolBarTo(QMainWindow *window) const;
    QAction *filterAction(InboxFilter filter) const;
    /// Edit > Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) for `stack`; before populateMenuBar().
    void setUndoStack(QUndoStack *stack);
    /// What Help > Documentation opens; the window says when nothing opened it.
    DocumentationLink *documentationLink() const { return m_documentation; }

    QAction *open;            ///< Enter: show the current message and mark it read.
    QAction *openLink;        ///< Open the current message's reference link.
    QAction *toggleRead;      ///< M.
    QAction *archive;         ///< Delete: archive (an archived message stays; Move to Inbox takes it back).
    SnoozeMenu *snoozeMenu;   ///< Message > Snooze (also in the list's context menu).
    QAction *snooze;          ///< B: the Snooze menu's own action; the window pops the menu up at the message.
    QAction *unsnooze;        ///< Shift+B: a snoozed message back to the inbox now.
    QAction *nextUnread;      ///< N.
    QAction *previousUnread;  ///< P.
    QAction *markAllRead;
    QAction *markRead;        ///< R: the selected messages read.
    QAction *markUnread;      ///< U: the selected messages unread.
    QAction *moveToInbox;     ///< The selected messages back to the inbox (from Archived or Snoozed).
    QAction *archiveAllRead;  ///< Every read message of the folder archived.
    QAction *selectAll;       ///< Ctrl+A: every message of the folder or search, loaded or not.
    QAction *undo = nullptr;  ///< Ctrl+Z (setUndoStack()).
    QAction *redo = nullptr;  ///< Ctrl+Shift+Z.
    QAction *find;            ///< Ctrl+F.
    QAction *exportView;
    QAction *rejected;
    QAction *settings;        ///< File > Settings…: the owner opens the settings dialog.
    QAction *quit;
    QAction *documentation;   ///< F1: Help > Documentation (documentationLink()).
    QAction *about;
    QActionGroup *filters;

Q_SIGNALS:
    void filterTriggered(ns::InboxFilter filter);

private:
    QAction *make(const QString &text, const QString &icon, const QKeySequence &shortcut, const QString &tip);
    QWidget *m_window;
    DocumentationLink *m_documentation;
};

} // namespace ns
