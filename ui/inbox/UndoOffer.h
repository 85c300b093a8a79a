#pragma once

#include <QObject>

class QStatusBar;
class QToolButton;
class QUndoStack;

namespace ns {

/// The status bar's "Archived 500 messages." with an Undo button beside it for a while: gone after
/// ten seconds, or as soon as anything is done or undone (it would undo something else then).
class UndoOffer : public QObject
{
    Q_OBJECT

public:
    UndoOffer(QStatusBar *statusBar, QUndoStack *stack, QObject *parent);

    QToolButton *button() const { return m_button; }
    void offer(const QString &text);

private:
    QStatusBar *m_statusBar;
    QToolButton *m_button;
};

} // namespace ns
