#pragma once

#include <QDateTime>
#include <QMenu>

#include <functional>

namespace ns {

/// Message > Snooze: Later today, Tomorrow morning, Next week (each with the time it means, as
/// SnoozeTimes works it out when the menu opens) and Choose a time…. The window snoozes the
/// selected message when one is chosen; the same menu is in the list's context menu.
class SnoozeMenu : public QMenu
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    explicit SnoozeMenu(QWidget *parent = nullptr);

    /// Local time now; tests set another.
    void setClock(Clock clock);
    Clock clock() const { return m_clock; }

    QAction *laterToday;
    QAction *tomorrowMorning;
    QAction *nextWeek;
    QAction *chooseTime;

Q_SIGNALS:
    /// Snooze the message until `when`.
    void snoozeChosen(const QDateTime &when);
    /// Choose a time…: the window asks (SnoozeDialog).
    void chooseTimeRequested();

private:
    /// Works out the times again and puts them in the labels.
    void refresh();
    void choose(QAction *action);

    Clock m_clock;
};

} // namespace ns
