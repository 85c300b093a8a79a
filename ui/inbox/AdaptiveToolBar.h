#pragma once

#include <QHash>
#include <QStringList>
#include <QToolBar>

namespace ns {

/// A toolbar that shows its buttons' words while they all fit, and only their icons (the words in
/// the tooltips) when the window is too narrow for them, rather than hiding buttons behind "»"
/// (issue 27: German at 800 px lost Next Unread and Export).
class AdaptiveToolBar : public QToolBar
{
    Q_OBJECT

public:
    explicit AdaptiveToolBar(const QString &title, QWidget *parent = nullptr);

    /// `action`'s button keeps the width of the longest of `texts` (Mark Read / Mark Unread), so
    /// the buttons after it do not move when its text changes.
    void keepWidthFor(QAction *action, const QStringList &texts);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void actionEvent(QActionEvent *event) override;

private:
    /// Words beside the icons when they fit in the current width, else icons only.
    void fit();

    /// Gives the buttons of m_steadyTexts their widest width (none with icons only).
    void steadyWidths();

    int m_widthWithWords = 0; ///< What the buttons with their words need; 0 until measured.
    QHash<QAction *, QStringList> m_steadyTexts;
};

} // namespace ns
