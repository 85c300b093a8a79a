#pragma once

#include <QWidget>

class QAbstractItemModel;
class QAbstractItemView;
class QLabel;

namespace ns {

/// A note in the middle of a list that has no rows, instead of a blank list: a line in bold and
/// a hint below it, over the view's viewport (following its size) and letting clicks through to
/// the list. Subclasses decide what it says and when, in refresh() (EmptyStateOverlay for the
/// message list, SentEmptyState for Sent).
class EmptyListNote : public QWidget
{
    Q_OBJECT

public:
    QString title() const;
    QString hint() const;

protected:
    explicit EmptyListNote(QAbstractItemView *view);

    QAbstractItemView *view() const { return m_view; }
    /// refresh() whenever `rows` gains, loses or rearranges rows.
    void followRows(QAbstractItemModel *rows);
    /// Shown with these words, or hidden (the words stay as they were).
    void present(bool shown, const QString &title = {}, const QString &hint = {});
    /// Says what the list's state calls for, through present(). Subclasses call it once built.
    virtual void refresh() = 0;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QAbstractItemView *m_view;
    QLabel *m_title;
    QLabel *m_hint;
};

} // namespace ns
