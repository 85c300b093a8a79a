#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace ns {

/// The times the Snooze menu offers, worked out from the local time now, and how a wake-up time
/// is told to the user. No widgets: tests give any "now".
class SnoozeTimes
{
    Q_DECLARE_TR_FUNCTIONS(SnoozeTimes)

public:
    static constexpr int EveningHour = 18;    ///< "Later today" brings a message back by then...
    static constexpr int LaterHours = 3;      ///< ...or this long from now, once less is left before it.
    static constexpr int MorningHour = 8;     ///< "Tomorrow morning" and "Next week" start the day here.

    /// "Later today": 18:00 when at least three hours are left before it, else three hours from
    /// now rounded up to the next half hour. Invalid when that is no longer today (late evening:
    /// "Tomorrow morning" is the choice then).
    ///
    /// Why: a message put off "until later" should come back within the working day, at the
    /// moment people review what is left (the end of the day, as the big mail clients do), and
    /// never just minutes away, which would make snoozing pointless; a round time reads better
    /// than 17:43.
    static QDateTime laterToday(const QDateTime &now);
    /// "Tomorrow morning": the next calendar day at 08:00.
    static QDateTime tomorrowMorning(const QDateTime &now);
    /// "Next week": the next Monday at 08:00 (a week ahead on a Monday).
    static QDateTime nextWeek(const QDateTime &now);

    /// A wake-up time as a menu or the status bar says it: "18:00" today, "tomorrow 08:00",
    /// "Mon 08:00" within a week, else the date and time ("7 Dec 2026 08:00").
    static QString describe(const QDateTime &when, const QDateTime &now);
    /// Why `when` cannot be a snooze time (it is not after `now`), or empty when it can.
    static QString refusal(const QDateTime &when, const QDateTime &now);
};

} // namespace ns
