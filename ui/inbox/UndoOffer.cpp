#include "UndoOffer.h"

#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

namespace ns {

namespace {
constexpr int OfferMs = 10'000;
}

UndoOffer::UndoOffer(QStatusBar *statusBar, QUndoStack *stack, QObject *parent)
    : QObject(parent), m_statusBar(statusBar), m_button(new QToolButton(statusBar))
{
    m_button->setText(tr("Undo"));
    m_button->setAutoRaise(true);
    m_button->hide();
    connect(m_button, &QToolButton::clicked, stack, &QUndoStack::undo);
    connect(stack, &QUndoStack::indexChanged, m_button, &QWidget::hide);
}

void UndoOffer::offer(const QString &text)
{
    m_statusBar->showMessage(text, OfferMs);
    m_button->show();
    QTimer::singleShot(OfferMs, m_button, &QWidget::hide);
}

} // namespace ns
