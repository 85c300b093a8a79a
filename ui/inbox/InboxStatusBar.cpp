#include "InboxStatusBar.h"

#include "CatchUpIndicator.h"
#include "ConnectionIndicator.h"
#include "InboxController.h"
#include "IngestService.h"
#include "StateSyncService.h"
#include "SyncIndicator.h"
#include "UndoOffer.h"

#include <QLabel>
#include <QStatusBar>
#include <QToolButton>

namespace ns {

InboxStatusBar::InboxStatusBar(QStatusBar *bar, InboxController *controller, QObject *parent)
    : QObject(parent), m_bar(bar), m_undoOffer(new UndoOffer(bar, controller->undoStack(), this)),
      m_catchUp(new CatchUpIndicator(bar)), m_countLabel(new QLabel(bar)), m_sync(new SyncIndicator(bar)),
      m_connection(new ConnectionIndicator(bar))
{
    m_countLabel->setTextFormat(Qt::PlainText);
    m_bar->addPermanentWidget(m_undoOffer->button());
    m_bar->addPermanentWidget(m_catchUp);
    m_bar->addPermanentWidget(m_countLabel);
    m_bar->addPermanentWidget(m_sync);
    m_bar->addPermanentWidget(m_connection);
    connect(controller, &InboxController::countTextChanged, m_countLabel, &QLabel::setText);
    connect(controller, &InboxController::statusMessage, this, &InboxStatusBar::showMessage);
    connect(controller, &InboxController::undoOffered, m_undoOffer, &UndoOffer::offer);
    m_countLabel->setText(controller->countText()); // What the controller knew before the bar listened.
}

void InboxStatusBar::follow(IngestService *ingest)
{
    connect(ingest, &IngestService::catchUpProgress, m_catchUp, &CatchUpIndicator::setProgress);
    // Before the controller announces what the catch-up brought (connected first, called first).
    connect(ingest, &IngestService::caughtUp, m_catchUp, &CatchUpIndicator::finish);
}

void InboxStatusBar::follow(StateSyncService *sync)
{
    connect(sync, &StateSyncService::syncStateChanged, m_sync, &SyncIndicator::setStatus);
}

void InboxStatusBar::showMessage(const QString &text, int timeoutMs)
{
    m_bar->showMessage(text, timeoutMs);
}

} // namespace ns
