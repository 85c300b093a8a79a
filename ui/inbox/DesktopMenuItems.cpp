#include "DesktopMenuItems.h"

#include "AutostartAction.h"
#include "DocumentationLink.h"
#include "InboxActions.h"
#include "ShortcutsDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>

namespace ns {

namespace {
// The menu an action was put in by InboxActions::populateMenuBar().
QMenu *menuOf(QAction *action)
{
    for (QObject *object : action->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object))
            return menu;
    }
    return nullptr;
}
} // namespace

DesktopMenuItems::DesktopMenuItems(QMainWindow *window, InboxActions *actions) : QObject(window), m_window(window)
{
    if (QMenu *file = menuOf(actions->quit)) {
        auto *autostart = new AutostartAction(file);
        connect(autostart, &AutostartAction::failed, this, [this](const QString &reason) { Q_EMIT statusMessage(reason, 10'000); });
        file->insertAction(actions->quit, autostart);
        file->insertSeparator(actions->quit);
    }
    if (QMenu *help = menuOf(actions->about)) {
        auto *diagnostics = new QAction(tr("Copy &Diagnostics"), help);
        diagnostics->setStatusTip(tr("Copy versions, settings (without passwords) and recent problems, for a bug report"));
        connect(diagnostics, &QAction::triggered, this, &DesktopMenuItems::copyDiagnostics);
        auto *shortcuts = new QAction(tr("&Keyboard Shortcuts"), help);
        shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
        shortcuts->setStatusTip(tr("Every key of this window, and what it does"));
        connect(shortcuts, &QAction::triggered, this, &DesktopMenuItems::showShortcuts);
        help->insertAction(actions->about, shortcuts);
        help->insertAction(actions->about, diagnostics);
        help->insertSeparator(actions->about);
    }
    connect(actions->about, &QAction::triggered, this, [this, actions] { showAbout(actions->documentation); });
}

void DesktopMenuItems::showAbout(const QAction *documentation)
{
    const QUrl guide = DocumentationLink::location();
    QMessageBox::about(m_window, tr("About NS Inbox"),
                       tr("NS Inbox %1\nA desktop inbox for messages delivered over Apache Kafka.\n\n"
                          "How to use it: Help > Documentation (%2), or %3")
                           .arg(QStringLiteral(NS_INBOX_VERSION), documentation->shortcut().toString(QKeySequence::NativeText),
                                guide.isLocalFile() ? guide.toLocalFile() : guide.toString()));
}

void DesktopMenuItems::copyDiagnostics()
{
    if (!m_diagnostics)
        return;
    QApplication::clipboard()->setText(m_diagnostics());
    Q_EMIT statusMessage(tr("Diagnostics copied to the clipboard."), 10'000);
}

void DesktopMenuItems::showShortcuts()
{
    // Generated from the actions each time, so it lists every key there is (issue 27).
    auto *dialog = new ShortcutsDialog(m_window, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace ns
