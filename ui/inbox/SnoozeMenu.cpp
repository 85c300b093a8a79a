#include "SnoozeMenu.h"

#include "SnoozeTimes.h"

#include <QIcon>

namespace ns {

SnoozeMenu::SnoozeMenu(QWidget *parent)
    : QMenu(tr("&Snooze"), parent), laterToday(addAction(QString())), tomorrowMorning(addAction(QString())),
      nextWeek(addAction(QString())), m_clock([] { return QDateTime::currentDateTime(); })
{
    setObjectName(QStringLiteral("snoozeMenu"));
    setIcon(QIcon(QStringLiteral(":/ns-inbox/icons/snoozed.svg")));
    menuAction()->setStatusTip(tr("Put the message away until a later time; it comes back unread"));
    addSeparator();
    chooseTime = addAction(tr("&Choose a Time…"));
    chooseTime->setStatusTip(tr("Snooze the message until a date and time you choose"));
    connect(chooseTime, &QAction::triggered, this, &SnoozeMenu::chooseTimeRequested);
    for (QAction *a : {laterToday, tomorrowMorning, nextWeek})
        connect(a, &QAction::triggered, this, [this, a] { choose(a); });
    connect(this, &QMenu::aboutToShow, this, &SnoozeMenu::refresh);
    refresh();
}

void SnoozeMenu::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refresh();
}

void SnoozeMenu::refresh()
{
    const QDateTime now = m_clock();
    const QDateTime later = SnoozeTimes::laterToday(now);
    const QDateTime morning = SnoozeTimes::tomorrowMorning(now);
    const QDateTime week = SnoozeTimes::nextWeek(now);
    // The time each choice means is in its label: "Later today" at 10:00 and at 16:00 differ.
    laterToday->setText(later.isValid() ? tr("&Later Today\t%1").arg(SnoozeTimes::describe(later, now)) : tr("&Later Today"));
    laterToday->setEnabled(later.isValid());
    laterToday->setStatusTip(later.isValid() ? tr("Back at %1").arg(SnoozeTimes::describe(later, now))
                                             : tr("Too late in the day: choose Tomorrow Morning"));
    tomorrowMorning->setText(tr("&Tomorrow Morning\t%1").arg(SnoozeTimes::describe(morning, now)));
    nextWeek->setText(tr("Next &Week\t%1").arg(SnoozeTimes::describe(week, now)));
    laterToday->setData(later);
    tomorrowMorning->setData(morning);
    nextWeek->setData(week);
}

void SnoozeMenu::choose(QAction *action)
{
    QDateTime when = action->data().toDateTime();
    if (!when.isValid() || when <= m_clock()) {
        // Chosen long after the menu was filled: the choice means a time from now.
        refresh();
        when = action->data().toDateTime();
    }
    if (when.isValid())
        Q_EMIT snoozeChosen(when);
}

} // namespace ns
