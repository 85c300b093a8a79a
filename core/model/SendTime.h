#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace ns {

/// The time a scheduled send goes out, as people and scripts write it (`ns-inbox send --at`).
class SendTime
{
    Q_DECLARE_TR_FUNCTIONS(ns::SendTime)

public:
    /// Reads `text` relative to `now`:
    /// - ISO 8601 with a date: `2026-12-08T08:00`, `2026-12-08 08:00:30`, with `Z` or `+01:00`
    ///   for a zone, local time without one;
    /// - a time of day, `08:00`: its next occurrence, local time (tomorrow when past today);
    /// - in a while: `+90s`, `+15m`, `+2h`, `+1d`.
    /// Returns the time in UTC, or an invalid QDateTime with `error` filled.
    static QDateTime parse(const QString &text, const QDateTime &now, QString *error);
    /// For people: local date and time, and how far away, e.g. "2026-12-08 08:00 (in 3 h 20 min)".
    static QString describe(const QDateTime &when, const QDateTime &now);
};

} // namespace ns
