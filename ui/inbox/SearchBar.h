#pragma once

#include <QLineEdit>

#include <functional>

class QTimer;

namespace ns {

class SearchCompleter;

/// The search field: results follow the typing (after a short pause), Escape clears it and leaves.
///
/// It speaks the query language (SearchQuery): a text that does not parse is not searched for;
/// the list keeps what it showed and problemChanged() tells why, in the parser's words.
class SearchBar : public QLineEdit
{
    Q_OBJECT

public:
    static constexpr int DelayMs = 150;

    explicit SearchBar(QWidget *parent = nullptr);

    /// Shows `text` as the search the list already shows (a saved search run), without
    /// searchChanged: Esc then clears it like any search.
    void showSearch(const QString &text);
    /// Gives the field focus with its text selected (Ctrl+F).
    void activate();
    /// Why the text is not searched for (the parser's message), empty when it is.
    QString problem() const { return m_problem; }
    /// Operator names and, after from:, the senders `lookup` knows (a few, starting with a prefix).
    void setSenderLookup(std::function<QStringList(const QString &prefix)> lookup);
    SearchCompleter *completion() const { return m_completion; }

Q_SIGNALS:
    /// The text to search for changed (empty: no search). Only a text that parses.
    void searchChanged(const QString &text);
    /// The text does not parse (`message` says why, as the parser wrote it), or parses again
    /// (`message` empty).
    void problemChanged(const QString &message);
    /// Return was pressed: the user wants the results.
    void accepted();
    /// The person is done with the field: Esc (which also clears it), or the window came back
    /// (a dialog closed) with the field empty. The list takes the keys again, so that N, M or B
    /// act instead of typing into the field (issue 27).
    void left();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    void emitSearch(); // The text, if it parses and changed; else the problem.
    void setProblem(const QString &message);

    QTimer *m_delay;
    SearchCompleter *m_completion;
    QString m_emitted;
    QString m_problem;
};

} // namespace ns
