#include "EmptyListNote.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace ns {

EmptyListNote::EmptyListNote(QAbstractItemView *view)
    : QWidget(view->viewport()), m_view(view), m_title(new QLabel(this)), m_hint(new QLabel(this))
{
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
    // Clicks go to the list below (its context menu, its focus).
    setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
}

QString EmptyListNote::title() const
{
    return m_title->text();
}

QString EmptyListNote::hint() const
{
    return m_hint->text();
}

void EmptyListNote::followRows(QAbstractItemModel *rows)
{
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(rows, signal, this, [this] { refresh(); });
    connect(rows, &QAbstractItemModel::modelReset, this, [this] { refresh(); });
    connect(rows, &QAbstractItemModel::layoutChanged, this, [this] { refresh(); });
}

void EmptyListNote::present(bool shown, const QString &title, const QString &hint)
{
    if (shown) {
        m_title->setText(title);
        m_hint->setText(hint);
        setGeometry(m_view->viewport()->rect());
        raise();
    }
    setVisible(shown);
}

bool EmptyListNote::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

} // namespace ns
