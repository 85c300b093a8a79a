#include "SearchBar.h"

#include <QAbstractButton>

#include <QAction>
#include <QIcon>
#include <QKeyEvent>
#include <QTimer>

namespace ns {

SearchBar::SearchBar(QWidget *parent) : QLineEdit(parent), m_delay(new QTimer(this))
{
    setPlaceholderText(tr("Search subject and body"));
    setClearButtonEnabled(true);
    setAccessibleName(tr("Search"));
    addAction(QIcon(QStringLiteral(":/ns-inbox/icons/search.svg")), QLineEdit::LeadingPosition);
    // The clear button is a widget Qt adds itself; screen readers need a name for it too.
    for (QAbstractButton *button : findChildren<QAbstractButton *>())
        button->setAccessibleName(tr("Clear search"));
    m_delay->setSingleShot(true);
    m_delay->setInterval(DelayMs);
    connect(this, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, [this] {
        if (text() != m_emitted) {
            m_emitted = text();
            Q_EMIT searchChanged(m_emitted);
        }
    });
    connect(this, &QLineEdit::returnPressed, this, [this] {
        m_delay->stop();
        if (text() != m_emitted) {
            m_emitted = text();
            Q_EMIT searchChanged(m_emitted);
        }
        Q_EMIT accepted();
    });
}

void SearchBar::activate()
{
    setFocus(Qt::ShortcutFocusReason);
    selectAll();
}

void SearchBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && !text().isEmpty()) {
        clear();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace ns
