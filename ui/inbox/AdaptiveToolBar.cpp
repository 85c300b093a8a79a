#include "AdaptiveToolBar.h"

#include <QActionEvent>
#include <QEvent>
#include <QTimer>

namespace ns {

AdaptiveToolBar::AdaptiveToolBar(const QString &title, QWidget *parent) : QToolBar(title, parent)
{
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

void AdaptiveToolBar::actionEvent(QActionEvent *event)
{
    QToolBar::actionEvent(event);
    // An action added, removed or renamed (Mark Read / Mark Unread): measured again once laid out.
    if (toolButtonStyle() == Qt::ToolButtonIconOnly)
        m_widthWithWords = 0;
    QTimer::singleShot(0, this, &AdaptiveToolBar::fit);
}

void AdaptiveToolBar::resizeEvent(QResizeEvent *event)
{
    QToolBar::resizeEvent(event);
    fit();
}

void AdaptiveToolBar::changeEvent(QEvent *event)
{
    QToolBar::changeEvent(event);
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange)
        m_widthWithWords = 0; // Measured again with the new words.
}

void AdaptiveToolBar::fit()
{
    if (toolButtonStyle() == Qt::ToolButtonTextBesideIcon)
        m_widthWithWords = sizeHint().width(); // The whole row, also what went behind "»".
    if (m_widthWithWords == 0) {
        // Icons only, words never measured (a language change): measure them, then decide.
        setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_widthWithWords = sizeHint().width();
    }
    const Qt::ToolButtonStyle wanted = width() >= m_widthWithWords ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly;
    if (wanted != toolButtonStyle())
        setToolButtonStyle(wanted);
}

} // namespace ns
