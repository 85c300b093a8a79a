#include "SentEmptyState.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QKeySequence>
#include <QLabel>
#include <QVBoxLayout>

namespace ns {

SentEmptyState::SentEmptyState(QAbstractItemView *view, QAbstractItemModel *all)
    : QWidget(view->viewport()), m_view(view), m_all(all), m_title(new QLabel(this)), m_hint(new QLabel(this))
{
    setObjectName(QStringLiteral("sentEmptyState"));
    for (QLabel *label : {m_title, m_hint}) {
        label->setTextFormat(Qt::PlainText);
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
        label->setForegroundRole(QPalette::Text);
    }
    QFont font = m_title->font();
    font.setBold(true);
    if (font.pointSizeF() > 0) // A font set in pixels has no point size.
        font.setPointSizeF(font.pointSizeF() * 1.15);
    m_title->setFont(font);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_title);
    layout->addWidget(m_hint);
    layout->addStretch(2);
    setAttribute(Qt::WA_TransparentForMouseEvents); // Clicks go to the table below.
    view->viewport()->installEventFilter(this);
    for (QAbstractItemModel *rows : {view->model(), all}) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(rows, signal, this, &SentEmptyState::refresh);
        connect(rows, &QAbstractItemModel::modelReset, this, &SentEmptyState::refresh);
        connect(rows, &QAbstractItemModel::layoutChanged, this, &SentEmptyState::refresh);
    }
    refresh();
}

void SentEmptyState::setStatusShown(const QString &status)
{
    m_status = status;
    refresh();
}

QString SentEmptyState::title() const
{
    return m_title->text();
}

QString SentEmptyState::hint() const
{
    return m_hint->text();
}

bool SentEmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void SentEmptyState::refresh()
{
    if (m_all->rowCount() == 0) {
        m_title->setText(tr("Nothing sent yet"));
        const QString key = QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText);
        m_hint->setText(key.isEmpty() ? tr("Messages you send with Message > New Message show here, one row per recipient, "
                                           "with whether each was delivered.")
                                      : tr("Messages you send with Message > New Message (%1) show here, one row per recipient, "
                                           "with whether each was delivered.")
                                            .arg(key));
    } else {
        m_title->setText(tr("No messages are “%1”").arg(m_status));
        m_hint->setText(tr("Choose “All” in “Show:” to see everything sent."));
    }
    setGeometry(m_view->viewport()->rect());
    setVisible(m_view->model()->rowCount() == 0);
}

} // namespace ns
