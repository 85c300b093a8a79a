#pragma once

#include "ConnectionState.h"
#include "OutboxEntry.h"
#include "OutboxProgress.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>

class QAction;
class QMenuBar;
class QWidget;

namespace ns {

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
    /// The Sent view's model; created on first use.
    OutboxModel *model();

    /// Opens a new compose dialog (non-modal) wired to the outbox.
    ComposeDialog *newMessage();
    /// Opens (or raises) the Sent view.
    SentDialog *showSent();
    /// Opens the scheduled message `messageUuid` in a compose dialog; Schedule (or Send) there
    /// replaces it in the outbox. Null when it is not in the Sent view's rows.
    ComposeDialog *editScheduled(const QString &messageUuid);

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

    OutboxService *m_outbox;
    QSqlDatabase m_db;
    QString m_senderName;
    QPointer<QWidget> m_window;
    QAction *m_newMessage;
    QAction *m_sentMessages;
    OutboxModel *m_model = nullptr;
    QPointer<SentDialog> m_sent;
    OutboxProgress m_progress; ///< The latest, for a Sent view opened in the middle of a send.
    bool m_sendingHeldUp = false; ///< The outbox's last state was a problem (told once, then "resumed").
    ConnectionState m_heldUpBy = ConnectionState::Stopped;
};

} // namespace ns
