#include "SendTime.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace ns {

QDateTime SendTime::parse(const QString &text, const QDateTime &now, QString *error)
{
    const QString t = text.trimmed();
    static const QRegularExpression relative(QStringLiteral(R"(^\+(\d{1,7})([smhd])$)"));
    if (const QRegularExpressionMatch m = relative.match(t); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 seconds = unit == QLatin1Char('s') ? n : unit == QLatin1Char('m') ? n * 60 : unit == QLatin1Char('h') ? n * 3600 : n * 86400;
        return now.toUTC().addSecs(seconds);
    }
    static const QRegularExpression timeOfDay(QStringLiteral(R"(^(\d{1,2}):(\d{2})$)"));
    if (const QRegularExpressionMatch m = timeOfDay.match(t); m.hasMatch()) {
        const QTime time(m.captured(1).toInt(), m.captured(2).toInt());
        if (!time.isValid()) {
            *error = tr("\"%1\" is not a time of day (HH:MM, 00:00 to 23:59)").arg(t);
            return {};
        }
        const QDateTime localNow = now.toLocalTime();
        QDateTime when(localNow.date(), time, Qt::LocalTime);
        if (when <= localNow)
            when = QDateTime(localNow.date().addDays(1), time, Qt::LocalTime);
        return when.toUTC();
    }
    QString iso = t;
    if (iso.size() > 10 && iso.at(10) == QLatin1Char(' '))
        iso[10] = QLatin1Char('T');
    static const QRegularExpression dated(QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$)"));
    if (dated.match(iso).hasMatch()) {
        const QDateTime when = QDateTime::fromString(iso, Qt::ISODateWithMs);
        if (when.isValid())
            return when.toUTC();
    }
    *error = tr("\"%1\" is not a time: write 2026-12-08T08:00 (local time; Z or +01:00 for another zone), 08:00 (the next one), or +15m / +2h / +1d")
                 .arg(t);
    return {};
}

QString SendTime::describe(const QDateTime &when, const QDateTime &now)
{
    const QString local = when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    const qint64 seconds = now.secsTo(when);
    if (seconds <= 0)
        return tr("%1 (due now)").arg(local);
    if (seconds < 3600)
        return tr("%1 (in %2 min)").arg(local).arg((seconds + 59) / 60);
    if (seconds < 86400)
        return tr("%1 (in %2 h %3 min)").arg(local).arg(seconds / 3600).arg((seconds % 3600) / 60);
    return tr("%1 (in %n day(s))", nullptr, static_cast<int>(seconds / 86400)).arg(local);
}

} // namespace ns
