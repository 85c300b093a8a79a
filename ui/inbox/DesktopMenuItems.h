#pragma once

#include <QObject>

#include <functional>

class QAction;
class QMainWindow;

namespace ns {

class InboxActions;

/// The window's menu items that reach beyond the inbox (issue 8, issue 27): File > Start at
/// Login, Help > Keyboard Shortcuts (read from the window's actions each time it opens) and
/// Help > Copy Diagnostics (the text comes from the app, which knows the whole picture), and
/// Help > About, which says where the documentation is.
class DesktopMenuItems : public QObject
{
    Q_OBJECT

public:
    /// Adds the items to `window`'s File and Help menus, as InboxActions made them.
    DesktopMenuItems(QMainWindow *window, InboxActions *actions);

    void setDiagnosticsSource(std::function<QString()> source) { m_diagnostics = std::move(source); }

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);

private:
    void copyDiagnostics();
    void showAbout(const QAction *documentation);
    void showShortcuts();

    QMainWindow *m_window;
    std::function<QString()> m_diagnostics;
};

} // namespace ns
