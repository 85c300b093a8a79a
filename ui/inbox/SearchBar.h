#pragma once

#include <QLineEdit>

class QTimer;

namespace ns {

/// The search field: results follow the typing (after a short pause), Escape clears it and leaves.
class SearchBar : public QLineEdit
{
    Q_OBJECT

public:
    static constexpr int DelayMs = 150;

    explicit SearchBar(QWidget *parent = nullptr);

    /// Gives the field focus with its text selected (Ctrl+F).
    void activate();

Q_SIGNALS:
    /// The text to search for changed (empty: no search).
    void searchChanged(const QString &text);
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
    QTimer *m_delay;
    QString m_emitted;
};

} // namespace ns
