#pragma once

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

private:
    void showRaw();

    RejectedMessagesModel *m_model;
    QTableView *m_table;
    QPlainTextEdit *m_raw;
    QLabel *m_summary;
};

} // namespace ns
