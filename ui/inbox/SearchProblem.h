#pragma once

#include <QLabel>

namespace ns {

class SearchBar;

/// The line under the search box that says why its text is not searched for ("unknown operator
/// 'form:' — did you mean 'from:'?"), hidden while the text parses.
class SearchProblem : public QLabel
{
    Q_OBJECT

public:
    explicit SearchProblem(SearchBar *bar, QWidget *parent = nullptr);

    /// Shows `message` (the parser's words, as they are), or hides the line when it is empty.
    void showProblem(const QString &message);
};

} // namespace ns
