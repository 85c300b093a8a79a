#include "SearchProblem.h"

#include "SearchBar.h"

namespace ns {

SearchProblem::SearchProblem(SearchBar *bar, QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText); // The message quotes what was typed: never rich text.
    setAccessibleName(tr("Search problem"));
    hide();
    connect(bar, &SearchBar::problemChanged, this, &SearchProblem::showProblem);
}

void SearchProblem::showProblem(const QString &message)
{
    // The frame is the window's (translated); the reason is the parser's, which quotes the query.
    setText(message.isEmpty() ? QString() : tr("Not searched: %1").arg(message));
    setVisible(!message.isEmpty());
}

} // namespace ns
