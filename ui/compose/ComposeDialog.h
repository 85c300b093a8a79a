#pragma once

#include "Message.h"
#include "MessageDraft.h"
#include "MessageTemplate.h"
#include "OutboxStore.h"

#include <QDialog>
#include <QMessageBox>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace ns {

class AddressBook;
class MessageView;
class RecipientPicker;

/// Where an administrator writes a message to one or many users, with a live preview of what
/// each recipient will see. Send stays disabled until every field is valid.
class ComposeDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Field { Recipients, Subject, Body, ReferenceUrl };

    /// `senderName` is what goes into created_by (shown in the preview).
    explicit ComposeDialog(const QString &senderName, QWidget *parent = nullptr);

    MessageDraft draft() const;
    void setDraft(const MessageDraft &draft);
    /// The message as it will be sent (no uuid or date yet).
    Message message() const;
    /// The recipients as they will be sent: canonical, without duplicates; the pasted UUIDs,
    /// then the members of the groups picked by name.
    QStringList recipients() const;
    /// Completes names and groups from `book` (read on the UI thread; null: UUIDs only).
    void setAddressBook(const AddressBook *book);
    RecipientPicker *recipientPicker() const { return m_picker; }
    /// The saved templates offered in the Template box.
    void setTemplates(const QVector<MessageTemplate> &templates);
    QComboBox *templateBox() const { return m_templates; }
    QPushButton *saveTemplateButton() const { return m_saveTemplate; }
    /// The fields as a template called `name`.
    MessageTemplate asTemplate(const QString &name) const;
    /// Placeholders some recipients have no value for, as shown under the text; empty when none.
    QLabel *placeholderProblems() const { return m_placeholderProblems; }

    QPushButton *sendButton() const { return m_send; }
    QLabel *errorLabel(Field field) const;
    QLabel *subjectCounter() const { return m_counter; }
    QLabel *recipientSummary() const { return m_recipientSummary; }
    MessageView *preview() const { return m_preview; }
    QPlainTextEdit *recipientsEdit() const { return m_recipients; }
    QLineEdit *subjectEdit() const { return m_subject; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QLineEdit *urlEdit() const { return m_url; }
    QCheckBox *activeCheck() const { return m_active; }
    /// "Send later": when checked, Send schedules the message for sendLaterEdit()'s time.
    QCheckBox *sendLaterCheck() const { return m_later; }
    QDateTimeEdit *sendLaterEdit() const { return m_laterTime; }
    /// The time chosen (UTC) when "Send later" is checked; invalid to send at once.
    QDateTime sendAt() const;
    /// Checks "Send later" at `when` (invalid: unchecked), e.g. to edit a scheduled message.
    void setSendAt(const QDateTime &when);
    /// The exact JSON a recipient's topic will get (uuid and date filled in at send time).
    QPlainTextEdit *wireView() const { return m_wire; }
    /// Says, beside the buttons, what Send still waits for; hidden when the message can be sent.
    QLabel *sendHint() const { return m_sendHint; }
    /// True when closing would lose something the user entered.
    bool hasUserInput() const;
    /// The "Discard this message?" question while it is open; null otherwise.
    QMessageBox *discardQuestion() const { return m_discardQuestion.data(); }
    /// The app is quitting: a message with something in it asks the same question as Esc, and
    /// waits for it. True when the dialog may go (nothing in it, or Discard); false for Keep Editing.
    bool discardForQuit();

public Q_SLOTS:
    /// Emits sendRequested() and closes when the draft is valid; otherwise shows every problem.
    void send();
    /// Esc, Cancel and the window's close button: a message with something in it is discarded
    /// only after asking (Discard / Keep editing); an empty one closes at once.
    void reject() override;

Q_SIGNALS:
    /// The administrator pressed Send on a valid draft.
    void sendRequested(const ns::Message &message, const QStringList &recipients);
    /// The same with "Send later" checked: to be held in the outbox until `sendAt` (UTC).
    void scheduleRequested(const ns::Message &message, const QStringList &recipients, const QDateTime &sendAt);
    /// A message with {placeholders}, filled per recipient from the address book (every one had a
    /// value); `sendAt` invalid to send at once.
    void personalSendRequested(const ns::OutboxStore::PersonalCopies &copies, const QDateTime &sendAt);
    /// "Save as template…" with a name given.
    void saveTemplateRequested(const ns::MessageTemplate &t);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void colourErrors();
    /// "Discard this message?" with Discard and Keep Editing (the default, and Esc).
    QMessageBox *makeDiscardQuestion();
    void markTouched(Field field);
    void revalidate();
    void showProblem(Field field, const QString &problem);
    /// What Send waits for, in words ("Not ready to send: …"); empty when it can send.
    QString sendBlockers(const DraftProblems &problems, bool placeholderGaps) const;
    /// The draft with the groups' members among its recipients, for validation.
    MessageDraft effectiveDraft() const;
    /// Placeholder gaps for the current recipients (none when the text has no placeholders).
    QVector<MessageTemplate::Gap> placeholderGaps() const;

    QString m_senderName;
    QPlainTextEdit *m_recipients;
    QLabel *m_recipientSummary;
    QLineEdit *m_subject;
    QLabel *m_counter;
    QPlainTextEdit *m_body;
    QLineEdit *m_url;
    QCheckBox *m_active;
    QCheckBox *m_later;
    QDateTimeEdit *m_laterTime;
    QLabel *m_laterError;
    RecipientPicker *m_picker;
    QComboBox *m_templates;
    QPushButton *m_saveTemplate;
    QLabel *m_placeholderProblems;
    QVector<MessageTemplate> m_templateList;
    bool m_subjectTooLong = false; ///< The counter shows in the error colour.
    QLabel *m_errors[4];
    MessageView *m_preview;
    QPlainTextEdit *m_wire;
    QPushButton *m_send;
    QLabel *m_sendHint;
    QPointer<QMessageBox> m_discardQuestion;
    bool m_shownOnce = false;
    bool m_touched[4] = {false, false, false, false};
};

} // namespace ns
