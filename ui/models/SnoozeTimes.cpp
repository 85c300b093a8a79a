#include "SnoozeTimes.h"

#include <QLocale>

namespace ns {

namespace {

QDateTime at(const QDate &date, int hour, const QDateTime &like)
{
    return QDateTime(date, QTime(hour, 0), like.timeSpec());
}

QString shortTime(const QLocale &locale, const QTime &time)
{
    QString format = locale.timeFormat(QLocale::ShortFormat);
    format.remove(QLatin1String(":ss"));
    return locale.toString(time, format);
}

} // namespace

QDateTime SnoozeTimes::laterToday(const QDateTime &now)
{
    const QDateTime evening = at(now.date(), EveningHour, now);
    if (now.secsTo(evening) >= LaterHours * 3600)
        return evening;
    // Three hours on, rounded up to the next full half hour.
    QDateTime later = now.addSecs(LaterHours * 3600);
    const int minutes = later.time().minute() % 30;
    const bool exact = minutes == 0 && later.time().second() == 0 && later.time().msec() == 0;
    if (!exact)
        later = QDateTime(later.date(), QTime(later.time().hour(), later.time().minute() - minutes), later.timeSpec()).addSecs(30 * 60);
    return later.date() == now.date() ? later : QDateTime();
}

QDateTime SnoozeTimes::tomorrowMorning(const QDateTime &now)
{
    return at(now.date().addDays(1), MorningHour, now);
}

QDateTime SnoozeTimes::nextWeek(const QDateTime &now)
{
    const int daysToMonday = 8 - now.date().dayOfWeek(); // Monday 1 ... Sunday 7: always 1 to 7.
    return at(now.date().addDays(daysToMonday), MorningHour, now);
}

QString SnoozeTimes::describe(const QDateTime &when, const QDateTime &now)
{
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString time = shortTime(locale, local.time());
    const qint64 days = today.daysTo(local.date());
    if (days == 0)
        return time;
    if (days == 1)
        return tr("tomorrow %1").arg(time);
    if (days > 1 && days < 7)
        return tr("%1 %2").arg(locale.dayName(local.date().dayOfWeek(), QLocale::ShortFormat), time);
    return tr("%1 %2").arg(locale.toString(local.date(), QLocale::ShortFormat), time);
}

QString SnoozeTimes::refusal(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return tr("Choose a date and a time.");
    if (when <= now)
        return tr("That time has passed: choose a time in the future.");
    return {};
}

} // namespace ns
