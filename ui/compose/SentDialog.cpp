#include "SentDialog.h"

#include "MessageView.h"
#include "OutboxModel.h"
#include "SentEmptyState.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ns {

SentDialog::SentDialog(OutboxModel *model, QWidget *parent)
    : QDialog(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_filter(new QComboBox(this)), m_summary(new QLabel(this)), m_progress(new QLabel(this)), m_status(new QLabel(this)), m_view(new MessageView(this)),
      m_retrySelected(new QPushButton(tr("&Retry selected"), this)), m_retryAll(new QPushButton(tr("Retry &all failed"), this)),
      m_cancelScheduled(new QPushButton(tr("&Cancel scheduled send"), this)), m_editScheduled(new QPushButton(tr("&Edit scheduled…"), this)),
      m_sendAgain(new QPushButton(tr("Send a&gain"), this)), m_editAsNew(new QPushButton(tr("Edit as &new…"), this))
{
    setWindowTitle(tr("Sent Messages"));
    m_proxy->setSourceModel(model);
    m_proxy->setFilterRole(OutboxModel::StatusRole);
    m_proxy->setFilterKeyColumn(OutboxModel::StatusColumn);
    m_filter->addItem(tr("All"), QString());
    m_filter->addItem(tr("Pending"), outboxStatusName(OutboxStatus::Pending));
    m_filter->addItem(tr("Delivered"), outboxStatusName(OutboxStatus::Delivered));
    m_filter->addItem(tr("Failed"), outboxStatusName(OutboxStatus::Failed));
    m_filter->addItem(tr("Scheduled"), outboxStatusName(OutboxStatus::Scheduled));
    m_filter->addItem(tr("Cancelled"), outboxStatusName(OutboxStatus::Cancelled));
    m_filter->setAccessibleName(tr("Show"));

    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(OutboxModel::DetailColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(OutboxModel::RecipientColumn, 280);
    m_table->setColumnWidth(OutboxModel::SubjectColumn, 200);
    m_table->setAccessibleName(tr("Sent messages by recipient"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_progress->setTextFormat(Qt::PlainText);
    m_progress->setWordWrap(true);
    m_progress->setAccessibleName(tr("Sending"));
    m_progress->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Show:"), this));
    top->addWidget(m_filter);
    top->addStretch(1);
    top->addWidget(m_summary);

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_status);
    detailsLayout->addWidget(m_view, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_retrySelected, QDialogButtonBox::ActionRole);
    buttons->addButton(m_retryAll, QDialogButtonBox::ActionRole);
    buttons->addButton(m_sendAgain, QDialogButtonBox::ActionRole);
    buttons->addButton(m_editAsNew, QDialogButtonBox::ActionRole);
    buttons->addButton(m_editScheduled, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancelScheduled, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    m_empty = new SentEmptyState(m_table, model);
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setFilterFixedString(m_filter->currentData().toString());
        m_empty->setStatusShown(m_filter->currentText());
    });
    connect(m_retrySelected, &QPushButton::clicked, this, [this] {
        const QVector<qint64> ids = selectedFailedIds();
        if (!ids.isEmpty())
            Q_EMIT retryRequested(ids);
    });
    connect(m_retryAll, &QPushButton::clicked, this, [this] {
        const QVector<qint64> ids = m_model->failedIds();
        if (!ids.isEmpty())
            Q_EMIT retryRequested(ids);
    });
    connect(m_cancelScheduled, &QPushButton::clicked, this, [this] {
        if (const QString uuid = currentScheduledMessage(); !uuid.isEmpty())
            Q_EMIT cancelScheduledRequested(uuid);
    });
    connect(m_editScheduled, &QPushButton::clicked, this, [this] {
        if (const QString uuid = currentScheduledMessage(); !uuid.isEmpty())
            Q_EMIT editScheduledRequested(uuid);
    });
    const auto currentMessage = [this] {
        const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
        return current.isValid() ? m_model->entryAt(current.row()).messageUuid : QString();
    };
    connect(m_sendAgain, &QPushButton::clicked, this, [this, currentMessage] {
        if (const QString uuid = currentMessage(); !uuid.isEmpty())
            Q_EMIT sendAgainRequested(uuid);
    });
    connect(m_editAsNew, &QPushButton::clicked, this, [this, currentMessage] {
        if (const QString uuid = currentMessage(); !uuid.isEmpty())
            Q_EMIT editAsNewRequested(uuid);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SentDialog::updateSummary);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SentDialog::showCurrent);
    connect(model, &OutboxModel::countsChanged, this, &SentDialog::updateSummary);
    connect(model, &QAbstractItemModel::dataChanged, this, &SentDialog::showCurrent);
    resize(1000, 640);
    updateSummary();
    showCurrent();
}

QVector<qint64> SentDialog::selectedFailedIds() const
{
    QVector<qint64> ids;
    for (const QModelIndex &proxyIndex : m_table->selectionModel()->selectedRows()) {
        const QModelIndex source = m_proxy->mapToSource(proxyIndex);
        const OutboxEntry &e = m_model->entryAt(source.row());
        if (e.status == OutboxStatus::Failed)
            ids.append(e.id);
    }
    return ids;
}

QString SentDialog::currentScheduledMessage() const
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid())
        return {};
    const OutboxEntry &e = m_model->entryAt(current.row());
    return e.status == OutboxStatus::Scheduled ? e.messageUuid : QString();
}

void SentDialog::updateSummary()
{
    const int failed = m_model->countWithStatus(OutboxStatus::Failed);
    // Counts of rows that could not be read would say less was sent than was.
    if (const StoreError &error = m_model->loadFailure(); error.isError()) {
        m_summary->setText(tr("The sent messages could not be read: %1").arg(error.text));
    } else {
        QString text = tr("%1 delivered, %2 pending, %3 failed")
                           .arg(m_model->countWithStatus(OutboxStatus::Delivered))
                           .arg(m_model->countWithStatus(OutboxStatus::Pending))
                           .arg(failed);
        if (const int scheduled = m_model->countWithStatus(OutboxStatus::Scheduled); scheduled > 0)
            text += tr(", %1 scheduled").arg(scheduled);
        m_summary->setText(text);
    }
    const bool scheduled = !currentScheduledMessage().isEmpty();
    m_cancelScheduled->setEnabled(scheduled);
    m_editScheduled->setEnabled(scheduled);
    m_retryAll->setEnabled(failed > 0);
    m_retrySelected->setEnabled(!selectedFailedIds().isEmpty());
}

void SentDialog::setProgress(const OutboxProgress &progress)
{
    // A fan-out to a thousand new recipients can take half a minute: say what it is waiting for.
    m_progress->setText(progress.text());
    m_progress->setVisible(!progress.isIdle());
}

void SentDialog::showCurrent()
{
    m_sendAgain->setEnabled(m_table->currentIndex().isValid());
    m_editAsNew->setEnabled(m_table->currentIndex().isValid());
    const bool scheduled = !currentScheduledMessage().isEmpty();
    m_cancelScheduled->setEnabled(scheduled);
    m_editScheduled->setEnabled(scheduled);
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_view->clear();
        m_status->clear();
        return;
    }
    const OutboxEntry &e = m_model->entryAt(current.row());
    Message m;
    m.uuid = e.messageUuid;
    m.subject = e.subject;
    m.body = e.body;
    m.referenceUrl = e.referenceUrl;
    m.isActive = e.isActive;
    m.createdBy = e.createdBy;
    m.createdDate = e.createdDate;
    m_view->showMessage(m);
    const auto text = [&](int column) { return m_model->data(m_model->index(current.row(), column)).toString(); };
    const QString to = text(OutboxModel::RecipientColumn) == e.recipient ? e.recipient
                                                                          : QStringLiteral("%1 (%2)").arg(text(OutboxModel::RecipientColumn), e.recipient);
    m_status->setText(tr("%1 to %2: %3").arg(text(OutboxModel::StatusColumn), to, text(OutboxModel::DetailColumn)));
}

} // namespace ns
