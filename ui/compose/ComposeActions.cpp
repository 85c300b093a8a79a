#include "ComposeActions.h"

#include "AddressBook.h"
#include "ComposeDialog.h"
#include "Logging.h"
#include "OutboxModel.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "SendTime.h"
#include "SentDialog.h"
#include "TemplateStore.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
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
      m_newMessage(new QAction(tr("Ne&w Message…"), this)), m_sentMessages(new QAction(tr("Sen&t Messages…"), this)),
      m_importPeople(new QAction(tr("Import Address &Book…"), this)), m_book(std::make_unique<AddressBook>(m_db))
{
    m_importPeople->setStatusTip(tr("Read people (uuid,name,email,department,groups) from a CSV file"));
    connect(m_importPeople, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Import Address Book"), QString(), tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty())
            importPeople(path, false);
    });
    connect(outbox, &OutboxService::peopleImported, this, [this](int added, int updated, int unchanged, const QString &error) {
        if (!error.isEmpty())
            QMessageBox::warning(m_window, tr("Address book"), tr("Nothing was imported: %1").arg(error));
        else
            Q_EMIT statusMessage(tr("Address book: %1 added, %2 updated, %3 unchanged").arg(added).arg(updated).arg(unchanged));
    });
    connect(outbox, &OutboxService::templateSaved, this, [this](qint64 id, const QString &error) {
        Q_EMIT statusMessage(id > 0 ? tr("Template saved") : tr("The template was not saved: %1").arg(error));
    });
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
        host->insertAction(first, m_importPeople);
        host->insertSeparator(first)->setVisible(administrator);
    } else {
        QMenu *menu = menuBar->addMenu(tr("&Message"));
        menu->addAction(m_newMessage);
        menu->addAction(m_sentMessages);
        menu->addAction(m_importPeople);
        menu->menuAction()->setVisible(administrator);
    }
    for (QAction *a : {m_newMessage, m_sentMessages, m_importPeople}) {
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
        QStringList uuids;
        for (const OutboxEntry &e : rows)
            uuids.append(e.recipient);
        uuids.removeDuplicates();
        lookUpNames(uuids);
        return;
    }
    // The Sent view says it at every opening; the log hears of it once, until the rows read again.
    if (!m_model->loadFailure().isError())
        qCWarning(lcStore).noquote() << QStringLiteral("store failure (%1): %2").arg(error.kindName(), error.text);
    m_model->setLoadFailure(error);
}

void ComposeActions::lookUpNames(const QStringList &uuids)
{
    if (!m_model || uuids.isEmpty())
        return;
    StoreError error;
    QHash<QString, QString> names;
    const QHash<QString, Person> people = m_book->peopleByUuid(uuids, &error);
    for (auto it = people.cbegin(); it != people.cend(); ++it)
        names.insert(it.key(), it->name);
    if (!names.isEmpty())
        m_model->addNames(names);
}

bool ComposeActions::discardOpenMessagesForQuit()
{
    const QList<QPointer<ComposeDialog>> open = m_dialogs; // Each question runs an event loop.
    for (const QPointer<ComposeDialog> &dialog : open) {
        if (dialog && !dialog->discardForQuit())
            return false;
    }
    return true;
}

ComposeDialog *ComposeActions::makeDialog()
{
    auto *dialog = new ComposeDialog(m_senderName, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialogs.removeAll(nullptr);
    m_dialogs.append(dialog);
    dialog->setAddressBook(m_book.get());
    StoreError error;
    dialog->setTemplates(TemplateStore(m_db).all(&error));
    connect(dialog, &ComposeDialog::personalSendRequested, this,
            [this](const OutboxStore::PersonalCopies &copies, const QDateTime &sendAt) {
                m_outbox->sendEach(copies, sendAt);
                Q_EMIT statusMessage(sendAt.isValid()
                                         ? tr("Message scheduled for %n recipient(s), each with their own name filled in", nullptr, static_cast<int>(copies.size()))
                                         : tr("Message queued for %n recipient(s), each with their own name filled in", nullptr, static_cast<int>(copies.size())));
            });
    connect(dialog, &ComposeDialog::saveTemplateRequested, m_outbox, &OutboxService::saveTemplate);
    return dialog;
}

QString ComposeActions::importPeople(const QString &csvPath, bool skipBadRows)
{
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly)) {
        const QString text = tr("%1 cannot be read: %2").arg(csvPath, file.errorString());
        QMessageBox::warning(m_window, tr("Import Address Book"), text);
        return text;
    }
    const PeopleCsv::Result parsed = PeopleCsv::parse(QString::fromUtf8(file.readAll()));
    if (!parsed.isClean()) {
        QStringList lines;
        for (const PeopleCsv::Problem &p : parsed.problems.mid(0, 20))
            lines.append(p.line > 0 ? tr("line %1: %2").arg(p.line).arg(p.reason) : p.reason);
        if (parsed.problems.size() > 20)
            lines.append(tr("… and %1 more").arg(parsed.problems.size() - 20));
        const QString text = tr("%n row(s) cannot be imported:", nullptr, static_cast<int>(parsed.problems.size())) + QLatin1Char('\n')
                             + lines.join(QLatin1Char('\n'));
        if (!skipBadRows) {
            if (parsed.rows.isEmpty() || !m_window
                || QMessageBox::question(m_window, tr("Import Address Book"),
                                         text + QStringLiteral("\n\n") + tr("Import the %n good row(s) and leave these out?", nullptr, static_cast<int>(parsed.rows.size())))
                       != QMessageBox::Yes)
                return text;
        }
    }
    m_outbox->importPeople(parsed.rows);
    return tr("%n row(s) sent to the address book", nullptr, static_cast<int>(parsed.rows.size()));
}

QVector<OutboxEntry> ComposeActions::rowsOf(const QString &messageUuid)
{
    StoreError error;
    return OutboxStore(m_db).entriesForMessage(messageUuid, &error);
}

QString ComposeActions::sendAgain(const QString &messageUuid)
{
    // Each recipient's own text again (a template's copies differ), as a new message.
    OutboxStore::PersonalCopies copies;
    for (const OutboxEntry &e : rowsOf(messageUuid)) {
        if (e.status == OutboxStatus::Cancelled)
            continue;
        Message m;
        m.subject = e.subject;
        m.body = e.body;
        m.referenceUrl = e.referenceUrl;
        m.isActive = e.isActive;
        m.createdBy = m_senderName;
        copies.append({e.recipient, m});
    }
    if (copies.isEmpty())
        return {};
    const QString uuid = m_outbox->sendEach(copies);
    Q_EMIT statusMessage(tr("Sent again to %n recipient(s)", nullptr, static_cast<int>(copies.size())));
    return uuid;
}

ComposeDialog *ComposeActions::editAsNew(const QString &messageUuid)
{
    const QVector<OutboxEntry> rows = rowsOf(messageUuid);
    if (rows.isEmpty())
        return nullptr;
    QStringList recipients;
    for (const OutboxEntry &e : rows)
        recipients.append(e.recipient);
    MessageDraft draft;
    draft.recipients = recipients.join(QLatin1Char('\n'));
    draft.subject = rows.constFirst().subject;
    draft.body = rows.constFirst().body;
    draft.referenceUrl = rows.constFirst().referenceUrl;
    draft.isActive = rows.constFirst().isActive;
    ComposeDialog *dialog = newMessage();
    dialog->setDraft(draft);
    return dialog;
}

ComposeDialog *ComposeActions::newMessage()
{
    ComposeDialog *dialog = makeDialog();
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
    ComposeDialog *dialog = makeDialog();
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
        connect(m_sent, &SentDialog::sendAgainRequested, this, [this](const QString &uuid) { sendAgain(uuid); });
        connect(m_sent, &SentDialog::editAsNewRequested, this, [this](const QString &uuid) { editAsNew(uuid); });
        m_sent->setProgress(m_progress);
    }
    m_sent->show();
    m_sent->raise();
    m_sent->activateWindow();
    return m_sent;
}

void ComposeActions::onOutboxChanged(const QVector<OutboxEntry> &entries)
{
    if (m_model) {
        QStringList fresh;
        for (const OutboxEntry &e : entries) {
            if (!m_model->hasName(e.recipient))
                fresh.append(e.recipient);
        }
        fresh.removeDuplicates();
        lookUpNames(fresh);
        m_model->applyChanges(entries);
    }
    int failed = 0;
    for (const OutboxEntry &e : entries)
        failed += e.status == OutboxStatus::Failed;
    if (failed > 0)
        Q_EMIT statusMessage(tr("%n recipient(s) could not be sent to; see Sent Messages", nullptr, failed));
}

} // namespace ns
