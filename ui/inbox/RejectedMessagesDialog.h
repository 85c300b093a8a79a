#pragma once

#include "StoreError.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace ns {

class MessageStore;
class RejectedMessagesModel;

/// The records the consumer could not read as messages: coordinates, reason, and the raw bytes.
class RejectedMessagesDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int Limit = 10'000;

    RejectedMessagesDialog(MessageStore *store, QWidget *parent = nullptr);

    RejectedMessagesModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    /// The line above the list: how many were rejected, or that the list could not be read.
    QLabel *summary() const { return m_summary; }
    /// Why the records could not be read (Kind::None when they were): the owner tells it.
    const StoreError &failure() const { return m_failure; }

private:
    void showRaw();

    StoreError m_failure;
    RejectedMessagesModel *m_model;
    QTableView *m_table;
    QPlainTextEdit *m_raw;
    QLabel *m_summary;
};

} // namespace ns
