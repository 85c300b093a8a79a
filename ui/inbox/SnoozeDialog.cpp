#include "SnoozeDialog.h"

#include "SnoozeTimes.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace ns {

SnoozeDialog::SnoozeDialog(const QDateTime &suggested, QWidget *parent, Clock clock)
    : QDialog(parent), m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTime(); })),
      m_edit(new QDateTimeEdit(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("snoozeDialog"));
    setWindowTitle(tr("Snooze Until"));
    m_edit->setCalendarPopup(true);
    m_edit->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat).remove(QLatin1String(":ss")));
    m_edit->setDateTime(suggested.toLocalTime());
    m_edit->setAccessibleName(tr("Snooze until"));
    m_error->setObjectName(QStringLiteral("snoozeError"));
    m_error->setWordWrap(true);
    // Weight, not a fixed colour (as the reading pane's warnings): it follows a dark palette.
    QFont bold = m_error->font();
    bold.setBold(true);
    m_error->setFont(bold);
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Snooze"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SnoozeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SnoozeDialog::reject);
    connect(m_edit, &QDateTimeEdit::dateTimeChanged, m_error, &QLabel::hide);

    auto *form = new QFormLayout;
    form->addRow(tr("&Back in the inbox at:"), m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
}

QDateTime SnoozeDialog::chosen() const
{
    return m_edit->dateTime();
}

void SnoozeDialog::setChosen(const QDateTime &when)
{
    m_edit->setDateTime(when.toLocalTime());
}

QString SnoozeDialog::refusal() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SnoozeDialog::accept()
{
    const QString why = SnoozeTimes::refusal(chosen(), m_clock());
    if (!why.isEmpty()) {
        m_error->setText(why);
        m_error->show();
        m_edit->setFocus();
        return;
    }
    m_error->clear();
    m_error->hide();
    QDialog::accept();
}

} // namespace ns
