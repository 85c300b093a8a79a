#include "ComposeActions.h"

#include "ComposeDialog.h"
#include "Logging.h"
#include "OutboxModel.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "SendTime.h"
#include "SentDialog.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

#include <utility>

namespace ns {
namespace {

// The Sent view shows the most recent rows; older ones stay in the database.
constexpr int SentViewRows = 5000;

} // namespace

ComposeActions::ComposeActions(OutboxService *outbox, QSqlDatabase db, QString senderName, QWidget *window)
    : QObject(window), m_outbox(outbox), m_db(std::move(db)), m_senderName(std::move(senderName)), m_window(window),
      m_newMessage(new QAction(tr("Ne&w Message…"), this)), m_sentMessages(new QAction(tr("&Sent Messages…"), this))
{
    m_newMessage->setShortcut(QKeySequence::New);
    m_newMessage->setStatusTip(tr("Write a message to one or many users"));
    m_sentMessages->setStatusTip(tr("What you sent, to whom, and whether it was delivered"));
    connect(m_newMessage, &QAction::triggered, this, [this] { newMessage(); });
    connect(m_sentMessages, &QAction::triggered, this, [this] { showSent(); });
    connect(outbox, &OutboxService::outboxChanged, this, &ComposeActions::onOutboxChanged);
    connect(outbox, &OutboxService::progressChanged, this, [this](const OutboxProgress &progress) {
        m_progress = progress;
        if (m_sent)
            m_sent->setProgress(progress);
    });
    connect(outbox, &OutboxService::stateChanged, this, &ComposeActions::onOutboxState);
    connect(outbox, &OutboxService::sendFailed, this, [this](const QString &, const QString &reason) {
        QMessageBox::warning(m_window, tr("Message not sent"), tr("The message could not be saved for sending:\n%1").arg(reason));
    });
    connect(outbox, &OutboxService::scheduleRefused, this, [this](const QString &, const QString &reason) {
        Q_EMIT statusMessage(tr("The scheduled message was not changed: %1").arg(reason));
    });
}

ComposeActions::~ComposeActions() = default;

void ComposeActions::onOutboxState(ConnectionState state, const QString &detail)
{
    switch (state) {
    case ConnectionState::Connected:
        if (std::exchange(m_sendingHeldUp, false))
            Q_EMIT statusMessage(tr("Sending resumed."));
        return;
    case ConnectionState::BrokerUnreachable:
    case ConnectionState::BrokerNotResponding:
    case ConnectionState::AuthenticationFailed:
    case ConnectionState::TlsFailed:
    case ConnectionState::NotAuthorized:
    case ConnectionState::StorageError:
        // Each new problem is told (the detail says how many messages wait); a repeat of the
        // same state (a counting "no answer for N s") is not.
        if (m_sendingHeldUp && state == m_heldUpBy)
            return;
        m_sendingHeldUp = true;
        m_heldUpBy = state;
        Q_EMIT statusMessage(detail.isEmpty() ? tr("Sending is held up: %1.").arg(connectionStateText(state))
                                              : tr("Sending is held up: %1 (%2).").arg(connectionStateText(state), detail));
        return;
    case ConnectionState::Stopped:
    case ConnectionState::Connecting:
    case ConnectionState::TopicMissing:
        return;
    }
}

void ComposeActions::install(QMenuBar *menuBar, bool administrator, QAction *anchor)
{
    QMenu *host = nullptr;
    for (QAction *top : menuBar->actions()) {
        if (anchor && top->menu() && top->menu()->actions().contains(anchor))
            host = top->menu();
    }
    if (host) {
        QAction *first = host->actions().value(0);
        host->insertAction(first, m_newMessage);
        host->insertAction(first, m_sentMessages);
        host->insertSeparator(first)->setVisible(administrator);
    } else {
        QMenu *menu = menuBar->addMenu(tr("&Message"));
        menu->addAction(m_newMessage);
        menu->addAction(m_sentMessages);
        menu->menuAction()->setVisible(administrator);
    }
    for (QAction *a : {m_newMessage, m_sentMessages}) {
        a->setVisible(administrator);
        a->setEnabled(administrator);
    }
}

OutboxModel *ComposeActions::model()
{
    if (!m_model) {
        m_model = new OutboxModel(this);
        loadModel();
    } else if (m_model->loadFailure().isError()) {
        loadModel(); // Opening the view again reads again: the store may be back.
    }
    return m_model;
}

void ComposeActions::loadModel()
{
    StoreError error;
    const QVector<OutboxEntry> rows = OutboxStore(m_db).newestEntries(SentViewRows, &error);
    if (!error.isError()) {
        m_model->load(rows);
        return;
    }
    // The Sent view says it at every opening; the log hears of it once, until the rows read again.
    if (!m_model->loadFailure().isError())
        qCWarning(lcStore).noquote() << QStringLiteral("store failure (%1): %2").arg(error.kindName(), error.text);
    m_model->setLoadFailure(error);
}

ComposeDialog *ComposeActions::newMessage()
{
    auto *dialog = new ComposeDialog(m_senderName, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ComposeDialog::sendRequested, this, [this](const Message &message, const QStringList &recipients) {
        m_outbox->send(message, recipients);
        Q_EMIT statusMessage(tr("Message queued for %n recipient(s)", nullptr, static_cast<int>(recipients.size())));
    });
    connect(dialog, &ComposeDialog::scheduleRequested, this,
            [this](const Message &message, const QStringList &recipients, const QDateTime &sendAt) {
                m_outbox->sendLater(message, recipients, sendAt);
                Q_EMIT statusMessage(tr("Message scheduled for %n recipient(s) at %1", nullptr, static_cast<int>(recipients.size()))
                                         .arg(SendTime::describe(sendAt, QDateTime::currentDateTimeUtc())));
            });
    dialog->show();
    return dialog;
}

ComposeDialog *ComposeActions::editScheduled(const QString &messageUuid)
{
    QStringList recipients;
    const OutboxEntry *first = nullptr;
    OutboxModel *rows = model();
    for (int row = rows->rowCount() - 1; row >= 0; --row) {
        const OutboxEntry &e = rows->entryAt(row);
        if (e.messageUuid != messageUuid || e.status != OutboxStatus::Scheduled)
            continue;
        recipients.append(e.recipient);
        first = first ? first : &e;
    }
    if (!first)
        return nullptr;
    MessageDraft draft;
    draft.recipients = recipients.join(QLatin1Char('\n'));
    draft.subject = first->subject;
    draft.body = first->body;
    draft.referenceUrl = first->referenceUrl;
    draft.isActive = first->isActive;
    const QDateTime sendAt = first->sendAt;
    auto *dialog = new ComposeDialog(m_senderName, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Edit Scheduled Message"));
    dialog->setDraft(draft);
    dialog->setSendAt(sendAt);
    // Either button replaces the scheduled message, in one transaction (refused if it went out meanwhile).
    connect(dialog, &ComposeDialog::sendRequested, this, [this, messageUuid](const Message &message, const QStringList &to) {
        m_outbox->editScheduled(messageUuid, message, to, QDateTime());
        Q_EMIT statusMessage(tr("Scheduled message replaced; sending it now"));
    });
    connect(dialog, &ComposeDialog::scheduleRequested, this,
            [this, messageUuid](const Message &message, const QStringList &to, const QDateTime &when) {
                m_outbox->editScheduled(messageUuid, message, to, when);
                Q_EMIT statusMessage(tr("Scheduled message changed: %1").arg(SendTime::describe(when, QDateTime::currentDateTimeUtc())));
            });
    dialog->show();
    return dialog;
}

SentDialog *ComposeActions::showSent()
{
    if (!m_sent) {
        m_sent = new SentDialog(model(), m_window);
        m_sent->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_sent, &SentDialog::retryRequested, m_outbox, &OutboxService::retry);
        connect(m_sent, &SentDialog::cancelScheduledRequested, m_outbox, &OutboxService::cancelScheduled);
        connect(m_sent, &SentDialog::editScheduledRequested, this, [this](const QString &uuid) { editScheduled(uuid); });
        m_sent->setProgress(m_progress);
    }
    m_sent->show();
    m_sent->raise();
    m_sent->activateWindow();
    return m_sent;
}

void ComposeActions::onOutboxChanged(const QVector<OutboxEntry> &entries)
{
    if (m_model)
        m_model->applyChanges(entries);
    int failed = 0;
    for (const OutboxEntry &e : entries)
        failed += e.status == OutboxStatus::Failed;
    if (failed > 0)
        Q_EMIT statusMessage(tr("%n recipient(s) could not be sent to; see Sent Messages", nullptr, failed));
}

} // namespace ns
