#include "SearchBar.h"

#include "SearchBoxQuery.h"
#include "SearchCompleter.h"

#include <QAbstractButton>

#include <QAction>
#include <QIcon>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QSignalBlocker>
#include <QTimer>

#include <utility>

namespace ns {

SearchBar::SearchBar(QWidget *parent)
    : QLineEdit(parent), m_delay(new QTimer(this)), m_completion(new SearchCompleter(this))
{
    setPlaceholderText(tr("Search (words, from:, is:unread, after:7d…)"));
    setClearButtonEnabled(true);
    setAccessibleName(tr("Search"));
    addAction(QIcon(QStringLiteral(":/ns-inbox/icons/search.svg")), QLineEdit::LeadingPosition);
    // The clear button is a widget Qt adds itself; screen readers need a name for it too.
    for (QAbstractButton *button : findChildren<QAbstractButton *>())
        button->setAccessibleName(tr("Clear search"));
    m_delay->setSingleShot(true);
    m_delay->setInterval(DelayMs);
    connect(this, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &SearchBar::emitSearch);
    connect(this, &QLineEdit::returnPressed, this, [this] {
        m_delay->stop();
        emitSearch();
        if (m_problem.isEmpty()) // Else the field keeps the keys: the text is to be fixed.
            Q_EMIT accepted();
    });
}

void SearchBar::emitSearch()
{
    // Parsed here as well as where the rows are read: a text that does not parse never reaches
    // the list, which keeps the last search's rows instead of turning into "0 matches".
    SearchParseError error;
    SearchBoxQuery::parse(text(), SearchClock::system(), &error);
    setProblem(error.message);
    if (!error.isError() && text() != m_emitted) {
        m_emitted = text();
        Q_EMIT searchChanged(m_emitted);
    }
}

void SearchBar::setProblem(const QString &message)
{
    if (message == m_problem)
        return;
    m_problem = message;
    Q_EMIT problemChanged(m_problem);
}

void SearchBar::setSenderLookup(std::function<QStringList(const QString &)> lookup)
{
    m_completion->setSenderLookup(std::move(lookup));
}

void SearchBar::showSearch(const QString &text)
{
    {
        const QSignalBlocker quiet(this);
        setText(text);
    }
    m_delay->stop();
    m_emitted = text;
    setProblem({});
}

void SearchBar::activate()
{
    setFocus(Qt::ShortcutFocusReason);
    selectAll();
}

void SearchBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && m_completion->isOpen()) {
        m_completion->close(); // The list of completions only; the search stays.
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        // At once, not after the typing pause: the next key (N, M...) acts on the whole list.
        clear();
        m_delay->stop();
        setProblem({});
        if (!std::exchange(m_emitted, QString()).isEmpty())
            Q_EMIT searchChanged(m_emitted);
        Q_EMIT left();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

void SearchBar::focusInEvent(QFocusEvent *event)
{
    QLineEdit::focusInEvent(event);
    // Focus given back by the window (a dialog closed, the window activated), not taken by the
    // person: an empty field has nothing to go on with.
    if (event->reason() == Qt::ActiveWindowFocusReason && text().isEmpty())
        QTimer::singleShot(0, this, [this] {
            if (hasFocus() && text().isEmpty())
                Q_EMIT left();
        });
}

} // namespace ns
