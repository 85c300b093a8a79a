#pragma once

#include "OutboxProgress.h"

#include <QDialog>
#include <QVector>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ns {

class MessageView;
class OutboxModel;
class SentEmptyState;

/// The Sent view: every recipient of every sent message, whether it was delivered or why not,
/// with the message itself below and a way to retry what failed.
class SentDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SentDialog(OutboxModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QComboBox *statusFilter() const { return m_filter; }
    QPushButton *retrySelectedButton() const { return m_retrySelected; }
    QPushButton *retryAllButton() const { return m_retryAll; }
    /// Cancel and edit the scheduled message of the current row; enabled on a scheduled row only.
    QPushButton *cancelScheduledButton() const { return m_cancelScheduled; }
    QPushButton *editScheduledButton() const { return m_editScheduled; }
    /// The current row's message: the same again, or into a new compose dialog.
    QPushButton *sendAgainButton() const { return m_sendAgain; }
    QPushButton *editAsNewButton() const { return m_editAsNew; }
    QLabel *summary() const { return m_summary; }
    /// What the outbox waits for while a send is under way; hidden when it waits for nothing.
    QLabel *progressLabel() const { return m_progress; }
    MessageView *messageView() const { return m_view; }
    /// What the table says when it has no rows (nothing sent, or nothing of the status shown).
    SentEmptyState *emptyState() const { return m_empty; }

public Q_SLOTS:
    /// Shows what the outbox waits for (OutboxService::progressChanged).
    void setProgress(const ns::OutboxProgress &progress);

Q_SIGNALS:
    /// The user asked to send these failed rows again.
    void retryRequested(const QVector<qint64> &ids);
    /// Cancel the scheduled message `messageUuid` (every recipient).
    void cancelScheduledRequested(const QString &messageUuid);
    /// Open the scheduled message `messageUuid` for editing.
    void editScheduledRequested(const QString &messageUuid);
    void sendAgainRequested(const QString &messageUuid);
    void editAsNewRequested(const QString &messageUuid);

private:
    QVector<qint64> selectedFailedIds() const;
    /// The current row's message when it is scheduled; empty otherwise.
    QString currentScheduledMessage() const;
    void updateSummary();
    void showCurrent();

    OutboxModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QComboBox *m_filter;
    QLabel *m_summary;
    QLabel *m_progress;
    QLabel *m_status;
    MessageView *m_view;
    QPushButton *m_retrySelected;
    QPushButton *m_retryAll;
    QPushButton *m_cancelScheduled;
    QPushButton *m_editScheduled;
    QPushButton *m_sendAgain;
    QPushButton *m_editAsNew;
    SentEmptyState *m_empty;
};

} // namespace ns
