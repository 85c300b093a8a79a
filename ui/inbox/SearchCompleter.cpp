#include "SearchCompleter.h"

#include "SearchCompletion.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QLineEdit>
#include <QStringListModel>

namespace ns {

SearchCompleter::SearchCompleter(QLineEdit *field)
    : QObject(field), m_field(field), m_completer(new QCompleter(this)), m_offers(new QStringListModel(this))
{
    m_completer->setModel(m_offers);
    // The offers are chosen here (SearchCompletion), not filtered again by what the field holds.
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setWidget(field);
    m_completer->setMaxVisibleItems(10);
    m_completer->popup()->setAccessibleName(tr("Search completions"));
    // After QCompleter's own filter, so called before it: Tab, Return and Esc are decided here.
    m_completer->popup()->installEventFilter(this);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &SearchCompleter::accept);
    // Typing only: a text set by the program (Esc, a saved search) opens nothing.
    connect(field, &QLineEdit::textEdited, this, &SearchCompleter::update);
}

QStringList SearchCompleter::offers() const
{
    return isOpen() ? m_offers->stringList() : QStringList();
}

bool SearchCompleter::isOpen() const
{
    return m_completer->popup()->isVisible();
}

void SearchCompleter::close()
{
    m_completer->popup()->hide();
}

void SearchCompleter::update()
{
    const SearchCompletion at = SearchCompletion::at(m_field->text(), m_field->cursorPosition());
    QStringList offers;
    if (at.kind() == SearchCompletion::Kind::Sender && m_senders)
        offers = at.candidates(m_senders(at.senderPrefix()));
    else if (at.kind() == SearchCompletion::Kind::Operator)
        offers = at.candidates();
    if (offers.isEmpty()) {
        close();
        return;
    }
    m_offers->setStringList(offers);
    m_completer->complete();
    m_completer->popup()->setCurrentIndex(m_offers->index(0, 0));
}

void SearchCompleter::accept(const QString &completion)
{
    const SearchCompletion at = SearchCompletion::at(m_field->text(), m_field->cursorPosition());
    close();
    if (at.kind() == SearchCompletion::Kind::None || completion.isEmpty())
        return;
    int cursor = 0;
    const QString text = at.apply(m_field->text(), completion, &cursor);
    m_field->setText(text); // The search follows (the field's textChanged).
    m_field->setCursorPosition(cursor);
    update(); // "from:" goes on to offer the senders.
}

bool SearchCompleter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_completer->popup() || event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    switch (key->key()) {
    case Qt::Key_Tab:
    case Qt::Key_Return:
    case Qt::Key_Enter: {
        const QModelIndex current = m_completer->popup()->currentIndex();
        accept((current.isValid() ? current : m_offers->index(0, 0)).data().toString());
        return true;
    }
    case Qt::Key_Escape:
        close(); // Only the list: the search stays as typed.
        return true;
    default: return QObject::eventFilter(watched, event);
    }
}

} // namespace ns
