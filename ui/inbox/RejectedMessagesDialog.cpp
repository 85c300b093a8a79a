#include "RejectedMessagesDialog.h"

#include "MessageStore.h"
#include "RejectedMessagesModel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ns {

RejectedMessagesDialog::RejectedMessagesDialog(MessageStore *store, QWidget *parent)
    : QDialog(parent), m_model(new RejectedMessagesModel(store->rejectedMessages(Limit, &m_failure), this)),
      m_table(new QTableView(this)), m_raw(new QPlainTextEdit(this)), m_summary(new QLabel(this))
{
    setWindowTitle(tr("Rejected Messages"));
    const qint64 total = m_failure.isError() ? -1 : store->rejectedCount(&m_failure);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    // A list that could not be read is not "no record has been rejected".
    m_summary->setText(m_failure.isError() ? tr("The rejected records could not be read: %1").arg(m_failure.text)
                       : total == 0        ? tr("No record has been rejected.")
                       : total > m_model->rowCount()
                           ? tr("%L1 records could not be read as messages; the newest %L2 are listed.").arg(total).arg(m_model->rowCount())
                           : tr("%L1 record(s) could not be read as messages. They are kept here with the reason; the inbox "
                                "went on with the next ones.").arg(total));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(RejectedMessagesModel::DetailColumn, QHeaderView::Stretch);
    m_table->resizeColumnsToContents();
    m_table->setAccessibleName(tr("Rejected records"));
    m_raw->setReadOnly(true);
    m_raw->setPlaceholderText(tr("Select a record to see its bytes."));
    m_raw->setAccessibleName(tr("Raw bytes of the record"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_raw->setFont(mono);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_raw);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RejectedMessagesDialog::showRaw);
    resize(900, 520);
}

void RejectedMessagesDialog::showRaw()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_raw->clear();
        return;
    }
    const RejectedMessage &r = m_model->recordAt(current.row());
    QString text = tr("%1 · partition %2 · offset %3\n%4\n\n").arg(r.kafkaTopic).arg(r.kafkaPartition).arg(r.kafkaOffset).arg(r.detail);
    text += RejectedMessagesModel::printable(r.rawValue);
    if (r.rawSize > r.rawValue.size())
        text += tr("\n… (%L1 of %L2 bytes kept)").arg(r.rawValue.size()).arg(r.rawSize);
    m_raw->setPlainText(text);
}

} // namespace ns
