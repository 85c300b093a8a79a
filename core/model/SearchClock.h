#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace ns {

/// The "now" and the time zone a search's dates are read in: `today`, `7d` and `2026-11-30` are
/// days of that zone. Injected so tests can run in any zone at any moment (a DST change included).
struct SearchClock
{
    QDateTime now;
    QTimeZone zone;

    /// The system's clock and time zone.
    static SearchClock system() { return {QDateTime::currentDateTimeUtc(), QTimeZone::systemTimeZone()}; }
};

} // namespace ns
