#include "InboxActions.h"

#include "AdaptiveToolBar.h"
#include "DocumentationLink.h"
#include "FolderList.h"
#include "SnoozeMenu.h"

#include <QAction>
#include <QActionGroup>
#include <QIcon>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>
#include <QUndoStack>
#include <QWidget>

namespace ns {

namespace {

QIcon icon(const QString &name)
{
    return name.isEmpty() ? QIcon() : QIcon(QStringLiteral(":/ns-inbox/icons/%1.svg").arg(name));
}

QString filterText(InboxFilter f)
{
    switch (f) {
    case InboxFilter::Inbox: return InboxActions::tr("&Inbox");
    case InboxFilter::Unread: return InboxActions::tr("&Unread");
    case InboxFilter::Archived: return InboxActions::tr("&Archived");
    case InboxFilter::Snoozed: return InboxActions::tr("S&noozed");
    case InboxFilter::Inactive: return InboxActions::tr("Inac&tive");
    case InboxFilter::All: return InboxActions::tr("All &messages");
    }
    return {};
}

} // namespace

QAction *InboxActions::make(const QString &text, const QString &iconName, const QKeySequence &shortcut,
                            const QString &tip)
{
    auto *a = new QAction(icon(iconName), text, this);
    a->setShortcut(shortcut);
    a->setToolTip(shortcut.isEmpty() ? tip : tr("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    // Window-wide: text fields take their own keys first (ShortcutOverride), so N or Delete still
    // type into the search field.
    a->setShortcutContext(Qt::WindowShortcut);
    m_window->addAction(a);
    return a;
}

InboxActions::InboxActions(QWidget *window) : QObject(window), m_window(window)
{
    open = make(tr("&Open Message"), QString(), QKeySequence(Qt::Key_Return), tr("Show the message and mark it read"));
    open->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    // Return belongs to whatever has focus (the search field uses it too): only the list takes it.
    open->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    openLink = make(tr("Open &Link"), QStringLiteral("link"), QKeySequence(Qt::CTRL | Qt::Key_Return),
                    tr("Open the message's reference link in the browser"));
    toggleRead = make(tr("&Mark Read/Unread"), QStringLiteral("mark-read"), QKeySequence(Qt::Key_M),
                      tr("Mark the message read or unread"));
    archive = make(tr("&Archive"), QStringLiteral("archive"), QKeySequence(Qt::Key_Delete),
                   tr("Archive the message (it stays in the store)"));
    // B as in Gmail's snooze key; free here, and next to N (next unread) under the same hand.
    snoozeMenu = new SnoozeMenu(window);
    snooze = snoozeMenu->menuAction();
    snooze->setShortcut(QKeySequence(Qt::Key_B));
    snooze->setShortcutContext(Qt::WindowShortcut);
    snooze->setToolTip(tr("%1 (%2)").arg(snooze->statusTip(), snooze->shortcut().toString(QKeySequence::NativeText)));
    m_window->addAction(snooze);
    unsnooze = make(tr("Unsnoo&ze"), QStringLiteral("inbox"), QKeySequence(Qt::SHIFT | Qt::Key_B),
                    tr("Bring the snoozed message back to the inbox now"));
    nextUnread = make(tr("&Next Unread"), QStringLiteral("next"), QKeySequence(Qt::Key_N), tr("Go to the next unread message"));
    previousUnread = make(tr("&Previous Unread"), QStringLiteral("previous"), QKeySequence(Qt::Key_P),
                          tr("Go to the previous unread message"));
    markAllRead = make(tr("Mar&k All as Read"), QStringLiteral("mark-all-read"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                       tr("Mark every message in this view read"));
    markRead = make(tr("Mark as &Read"), QStringLiteral("mark-read"), QKeySequence(Qt::Key_R),
                    tr("Mark the selected messages read"));
    markUnread = make(tr("Mark as &Unread"), QString(), QKeySequence(Qt::Key_U), tr("Mark the selected messages unread"));
    moveToInbox = make(tr("Move to &Inbox"), QStringLiteral("inbox"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                       tr("Take the selected messages back to the inbox"));
    archiveAllRead = make(tr("Archive All Rea&d"), QStringLiteral("archive"), QKeySequence(),
                          tr("Archive every read message of this folder"));
    selectAll = make(tr("Select &All"), QString(), QKeySequence::SelectAll,
                     tr("Select every message of this folder or search, also those not shown yet"));
    find = make(tr("&Search"), QStringLiteral("search"), QKeySequence::Find, tr("Search subjects and bodies"));
    exportView = make(tr("&Export View…"), QStringLiteral("export"), QKeySequence(Qt::CTRL | Qt::Key_E),
                      tr("Save the messages in this view as CSV or JSON"));
    rejected = make(tr("&Rejected Messages…"), QStringLiteral("rejected"), QKeySequence(),
                    tr("Records that could not be read as messages, and why"));
    settings = make(tr("&Settings…"), QString(), QKeySequence::Preferences, tr("Connection and account settings"));
    settings->setMenuRole(QAction::PreferencesRole);
    // Ctrl+Q also where the platform names no Quit key (Windows, a bare X11 session, offscreen).
    const QKeySequence quitKey = QKeySequence::keyBindings(QKeySequence::Quit).value(0, QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit = make(tr("&Quit"), QString(), quitKey, tr("Quit NS Inbox"));
    quit->setMenuRole(QAction::QuitRole);
    m_documentation = new DocumentationLink(this);
    documentation = make(tr("Do&cumentation"), QString(),
                         QKeySequence::keyBindings(QKeySequence::HelpContents).value(0, QKeySequence(Qt::Key_F1)),
                         tr("Open the NS Inbox guide (its README)"));
    connect(documentation, &QAction::triggered, m_documentation, &DocumentationLink::open);
    about = make(tr("&About NS Inbox"), QString(), QKeySequence(), tr("About NS Inbox"));
    about->setMenuRole(QAction::AboutRole);

    filters = new QActionGroup(this);
    filters->setExclusive(true);
    int key = Qt::Key_1;
    // Ctrl+1 to Ctrl+6 in the order the folder pane shows (issue 27: they disagreed).
    for (InboxFilter f : FolderList::order()) {
        QAction *a = make(filterText(f), inboxFilterName(f), QKeySequence(Qt::CTRL | Qt::Key(key++)), filterText(f).remove(QLatin1Char('&')));
        a->setCheckable(true);
        a->setData(static_cast<int>(f));
        filters->addAction(a);
        connect(a, &QAction::triggered, this, [this, f] { Q_EMIT filterTriggered(f); });
    }
    filterAction(InboxFilter::Inbox)->setChecked(true);
}

QAction *InboxActions::filterAction(InboxFilter filter) const
{
    for (QAction *a : filters->actions()) {
        if (a->data().toInt() == static_cast<int>(filter))
            return a;
    }
    return nullptr;
}

void InboxActions::setUndoStack(QUndoStack *stack)
{
    undo = stack->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    redo = stack->createRedoAction(this, tr("&Redo"));
    // Ctrl+Shift+Z everywhere, and the platform's own Redo keys (Ctrl+Y on some) once each: a key
    // given twice would be ambiguous and do nothing.
    QList<QKeySequence> redoKeys{QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)};
    for (const QKeySequence &k : QKeySequence::keyBindings(QKeySequence::Redo)) {
        if (!redoKeys.contains(k))
            redoKeys.append(k);
    }
    redo->setShortcuts(redoKeys);
    for (QAction *a : {undo, redo}) {
        a->setShortcutContext(Qt::WindowShortcut);
        m_window->addAction(a);
    }
}

void InboxActions::populateMenuBar(QMenuBar *bar) const
{
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(exportView);
    file->addAction(rejected);
    file->addSeparator();
    file->addAction(settings);
    file->addSeparator();
    file->addAction(quit);
    QMenu *edit = bar->addMenu(tr("&Edit"));
    if (undo) {
        edit->addAction(undo);
        edit->addAction(redo);
        edit->addSeparator();
    }
    edit->addAction(selectAll);
    QMenu *message = bar->addMenu(tr("&Message"));
    message->addAction(open);
    message->addAction(openLink);
    message->addSeparator();
    message->addAction(toggleRead);
    message->addAction(markRead);
    message->addAction(markUnread);
    message->addAction(archive);
    message->addAction(moveToInbox);
    message->addMenu(snoozeMenu);
    message->addAction(unsnooze);
    message->addSeparator();
    message->addAction(markAllRead);
    message->addAction(archiveAllRead);
    message->addSeparator();
    message->addAction(nextUnread);
    message->addAction(previousUnread);
    QMenu *view = bar->addMenu(tr("&View"));
    view->addActions(filters->actions());
    view->addSeparator();
    view->addAction(find);
    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(documentation);
    help->addAction(about);
}

AdaptiveToolBar *InboxActions::addToolBarTo(QMainWindow *window) const
{
    auto *bar = new AdaptiveToolBar(tr("Main"), window); // Words beside the icons while they fit.
    window->addToolBar(bar);
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(18, 18));
    bar->addAction(archive);
    bar->addAction(toggleRead);
    bar->addAction(markAllRead);
    bar->addSeparator();
    bar->addAction(previousUnread);
    bar->addAction(nextUnread);
    bar->addSeparator();
    bar->addAction(exportView);
    return bar;
}

} // namespace ns
