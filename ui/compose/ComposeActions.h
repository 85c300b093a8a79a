#pragma once

#include "ConnectionState.h"
#include "OutboxEntry.h"
#include "OutboxProgress.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>

#include <memory>

class QAction;
class QMenuBar;
class QWidget;

namespace ns {

class AddressBook;
class ComposeDialog;
class OutboxModel;
class OutboxService;
class SentDialog;

/// The administrator's side of the window: "New message…" and "Sent messages…" in a Message
/// menu, shown only when the settings say this user is an administrator, wired to the outbox.
///
/// Kept outside MainWindow on purpose: the window only lends its menu bar.
class ComposeActions : public QObject
{
    Q_OBJECT

public:
    /// `db` is a connection of the calling (UI) thread, used to read the outbox for the Sent view.
    ComposeActions(OutboxService *outbox, QSqlDatabase db, QString senderName, QWidget *window);
    ~ComposeActions() override;

    /// Puts the actions at the top of the menu of `menuBar` that holds `anchor` (the window's
    /// Message menu), or in a Message menu of their own; hidden unless `administrator`.
    void install(QMenuBar *menuBar, bool administrator, QAction *anchor = nullptr);

    QAction *newMessageAction() const { return m_newMessage; }
    QAction *sentMessagesAction() const { return m_sentMessages; }
    QAction *importPeopleAction() const { return m_importPeople; }
    /// The Sent view's model; created on first use.
    OutboxModel *model();

    /// Opens a new compose dialog (non-modal) wired to the outbox.
    ComposeDialog *newMessage();
    /// Reads a CSV file into the address book: the rows are checked first; bad ones are listed,
    /// and nothing is written unless `skipBadRows` (the window asks). Returns what it told.
    QString importPeople(const QString &csvPath, bool skipBadRows);
    /// "Send again" from the Sent view: the same texts to the same recipients, as a new message.
    QString sendAgain(const QString &messageUuid);
    /// "Edit as new" from the Sent view: a compose dialog with that message's text and recipients.
    ComposeDialog *editAsNew(const QString &messageUuid);
    /// Opens (or raises) the Sent view.
    SentDialog *showSent();
    /// Opens the scheduled message `messageUuid` in a compose dialog; Schedule (or Send) there
    /// replaces it in the outbox. Null when it is not in the Sent view's rows.
    ComposeDialog *editScheduled(const QString &messageUuid);
    /// The app is quitting: each open message with something in it asks Discard / Keep Editing
    /// (as its own Esc does). False when one was kept: the quit is cancelled.
    bool discardOpenMessagesForQuit();

Q_SIGNALS:
    /// One line for the status bar, e.g. "Message queued for 3 recipients".
    void statusMessage(const QString &text);

private:
    void onOutboxChanged(const QVector<ns::OutboxEntry> &entries);
    /// The outbox's connection, told in the status bar when sending is held up and when it resumes
    /// (the indicator beside it shows the inbox's connection only).
    void onOutboxState(ns::ConnectionState state, const QString &detail);
    /// Reads the Sent view's rows into the model, or notes that they could not be read.
    void loadModel();
    /// A compose dialog wired to the outbox, the book and the templates.
    ComposeDialog *makeDialog();
    /// The Sent view's rows of one message, oldest first.
    QVector<OutboxEntry> rowsOf(const QString &messageUuid);
    /// Tells the model the names of `uuids` the book knows.
    void lookUpNames(const QStringList &uuids);

    OutboxService *m_outbox;
    QSqlDatabase m_db;
    QString m_senderName;
    QPointer<QWidget> m_window;
    QAction *m_newMessage;
    QAction *m_sentMessages;
    QAction *m_importPeople;
    std::unique_ptr<AddressBook> m_book;
    OutboxModel *m_model = nullptr;
    QPointer<SentDialog> m_sent;
    QList<QPointer<ComposeDialog>> m_dialogs; ///< Every compose dialog made, until it closes.
    OutboxProgress m_progress; ///< The latest, for a Sent view opened in the middle of a send.
    bool m_sendingHeldUp = false; ///< The outbox's last state was a problem (told once, then "resumed").
    ConnectionState m_heldUpBy = ConnectionState::Stopped;
};

} // namespace ns
