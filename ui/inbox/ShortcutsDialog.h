#pragma once

#include <QDialog>

class QAction;
class QTableWidget;

namespace ns {

/// Help > Keyboard Shortcuts: every key of the window, read from its actions when the dialog
/// opens (never a hand-kept list), so a new or changed shortcut is in it without anyone
/// remembering to add it.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    /// One command and its keys, as the dialog lists it.
    struct Entry
    {
        QString menu;    ///< Where the command is in the menus ("Message", "Message › Snooze"); empty when in none.
        QString command; ///< Its text, without the mnemonic's "&".
        QString keys;    ///< Its shortcuts, in the platform's words ("Ctrl+F", "Return, Enter").
        QAction *action = nullptr;
    };

    explicit ShortcutsDialog(QWidget *window, QWidget *parent = nullptr);

    /// Every action under `window` (menus, toolbar, list) that has a shortcut, once each, in
    /// menu order; the ones in no menu last.
    static QList<Entry> entriesOf(QWidget *window);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace ns
