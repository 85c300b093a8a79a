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
    QLabel *summary() const { return m_summary; }
    /// What the outbox waits for while a send is under way; hidden when it waits for nothing.
    QLabel *progressLabel() const { return m_progress; }
    MessageView *messageView() const { return m_view; }

public Q_SLOTS:
    /// Shows what the outbox waits for (OutboxService::progressChanged).
    void setProgress(const ns::OutboxProgress &progress);

Q_SIGNALS:
    /// The user asked to send these failed rows again.
    void retryRequested(const QVector<qint64> &ids);

private:
    QVector<qint64> selectedFailedIds() const;
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
};

} // namespace ns
