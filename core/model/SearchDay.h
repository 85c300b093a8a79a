#pragma once

#include "SearchClock.h"

#include <QDate>
#include <QString>

namespace ns {

/// The day a search's date value names, and the instants that bound it.
///
/// Values: an ISO date (2026-11-30), `today`, `yesterday`, or a count back from today: `7d` (days),
/// `2w` (weeks). A day runs from its first instant in the clock's zone to the next day's (23 or 25
/// hours across a DST change; where midnight does not exist, from the first valid instant).
class SearchDay
{
public:
    /// The day `value` names; an invalid QDate with `problem` set (a sentence) when it names none.
    static QDate parse(const QString &value, const SearchClock &clock, QString *problem);
    /// The first instant of `day` in `zone`, in ms since the epoch (UTC).
    static qint64 startMs(const QDate &day, const QTimeZone &zone);
};

} // namespace ns
