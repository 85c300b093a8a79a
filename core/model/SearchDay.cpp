#include "SearchDay.h"

#include <QRegularExpression>

namespace ns {

QDate SearchDay::parse(const QString &value, const SearchClock &clock, QString *problem)
{
    const QDate today = clock.now.toTimeZone(clock.zone).date();
    const QString v = value.toLower();
    if (v == QLatin1String("today"))
        return today;
    if (v == QLatin1String("yesterday"))
        return today.addDays(-1);
    static const QRegularExpression relative(QStringLiteral("^(\\d{1,6})([dw])$"));
    if (const QRegularExpressionMatch m = relative.match(v); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QDate day = today.addDays(-(m.captured(2) == QLatin1String("w") ? 7 * n : n));
        // Far enough for any inbox, and every zone's rules still apply there.
        if (day.year() < 1900) {
            *problem = QStringLiteral("'%1' goes back before 1900").arg(value);
            return {};
        }
        return day;
    }
    static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (iso.match(value).hasMatch()) {
        const QDate day = QDate::fromString(value, Qt::ISODate);
        if (!day.isValid())
            *problem = QStringLiteral("there is no day %1").arg(value);
        return day;
    }
    *problem = QStringLiteral("'%1' is not a date: write 2026-11-30, today, yesterday, 7d (days ago) or 2w (weeks ago)")
                   .arg(value);
    return {};
}

qint64 SearchDay::startMs(const QDate &day, const QTimeZone &zone)
{
    return day.startOfDay(zone).toMSecsSinceEpoch();
}

} // namespace ns
