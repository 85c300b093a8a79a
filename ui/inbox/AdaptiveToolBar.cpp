#include "AdaptiveToolBar.h"

#include <QActionEvent>
#include <QEvent>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

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

void AdaptiveToolBar::keepWidthFor(QAction *action, const QStringList &texts)
{
    m_steadyTexts.insert(action, texts);
    steadyWidths();
}

void AdaptiveToolBar::steadyWidths()
{
    for (auto it = m_steadyTexts.cbegin(); it != m_steadyTexts.cend(); ++it) {
        auto *button = qobject_cast<QToolButton *>(widgetForAction(it.key()));
        if (!button)
            continue;
        int widest = 0;
        if (toolButtonStyle() != Qt::ToolButtonIconOnly) {
            // Measured on the button itself (its font, icon and style), then its own text put back.
            const QString shown = button->text();
            for (const QString &text : it.value()) {
                button->setText(QString(text).remove(QLatin1Char('&'))); // As a toolbar shows a menu text.
                widest = std::max(widest, button->sizeHint().width());
            }
            button->setText(shown);
        }
        button->setMinimumWidth(widest);
    }
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
    steadyWidths();
}

} // namespace ns
