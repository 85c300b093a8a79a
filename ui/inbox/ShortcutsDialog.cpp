#include "ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

namespace ns {

namespace {

QString plainText(const QAction *action)
{
    QString text = action->text();
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

QString keysOf(const QAction *action)
{
    QStringList keys;
    for (const QKeySequence &k : action->shortcuts())
        keys.append(k.toString(QKeySequence::NativeText));
    return keys.join(ShortcutsDialog::tr(", "));
}

} // namespace

QList<ShortcutsDialog::Entry> ShortcutsDialog::entriesOf(QWidget *window)
{
    QList<Entry> entries;
    QSet<QAction *> seen;
    auto add = [&](QAction *a, const QString &where) {
        if (a->isSeparator() || a->shortcuts().isEmpty() || seen.contains(a))
            return;
        seen.insert(a);
        entries.append({where, plainText(a), keysOf(a), a});
    };
    std::function<void(QMenu *, const QString &)> walk = [&](QMenu *menu, const QString &where) {
        for (QAction *a : menu->actions()) {
            add(a, where);
            if (a->menu())
                walk(a->menu(), tr("%1 › %2").arg(where, plainText(a)));
        }
    };
    if (auto *bar = window->findChild<QMenuBar *>()) {
        for (QAction *top : bar->actions()) {
            if (top->menu())
                walk(top->menu(), plainText(top));
        }
    }
    // Keys that are in no menu (there should be none: each shortcut is also in a menu).
    for (QAction *a : window->findChildren<QAction *>())
        add(a, QString());
    return entries;
}

ShortcutsDialog::ShortcutsDialog(QWidget *window, QWidget *parent) : QDialog(parent), m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    const QList<Entry> entries = entriesOf(window);
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("Command"), tr("Menu")});
    m_table->setRowCount(int(entries.size()));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents); // Rows as tall as a line.
    m_table->setAlternatingRowColors(true);
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    for (int row = 0; row < entries.size(); ++row) {
        const Entry &e = entries.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(e.keys));
        m_table->setItem(row, 1, new QTableWidgetItem(e.command));
        m_table->setItem(row, 2, new QTableWidgetItem(e.menu));
        if (!e.action->statusTip().isEmpty())
            m_table->item(row, 1)->setToolTip(e.action->statusTip());
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 80, fontMetrics().height() * 30);
}

} // namespace ns
