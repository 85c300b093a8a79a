#pragma once
// Figures the benchmark programs print: a median with its spread, percentiles, ratios run by run.
// Header-only: the benchmarks are separate programs and share nothing else.

#include <QString>
#include <QVector>

#include <algorithm>
#include <cmath>

namespace ns::bench {

struct Stats
{
    double median = 0, min = 0, max = 0;
    bool valid = false;
};

inline Stats statsOf(QVector<double> v)
{
    v.removeIf([](double x) { return x < 0; }); // -1 marks a failed run
    if (v.isEmpty())
        return {};
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return {n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v.first(), v.last(), true};
}

/// The nearest-rank percentile (p in 0..100) of a sample; -1 for an empty one.
inline double percentile(QVector<double> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v.at(std::clamp<qsizetype>(rank - 1, 0, v.size() - 1));
}

/// "median (min-max)" with the unit after the median, as every row of the benchmark table shows it.
inline QString spread(const QVector<double> &v, const QString &unit = {}, int decimals = -1)
{
    const Stats s = statsOf(v);
    if (!s.valid)
        return QStringLiteral("failed");
    if (decimals < 0)
        decimals = s.median < 10 ? 2 : (s.median < 100 ? 1 : 0);
    const QString u = unit.isEmpty() ? QString() : QLatin1Char(' ') + unit;
    return QStringLiteral("%1%2 (%3-%4)")
        .arg(s.median, 0, 'f', decimals)
        .arg(u)
        .arg(s.min, 0, 'f', decimals)
        .arg(s.max, 0, 'f', decimals);
}

/// a[i] / b[i] for each run where both sides ran.
inline QVector<double> ratios(const QVector<double> &a, const QVector<double> &b)
{
    QVector<double> r;
    for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a.at(i) > 0 && b.at(i) > 0)
            r.append(a.at(i) / b.at(i));
    }
    return r;
}

/// Runs from --runs, else $NS_BENCH_RUNS (run-benchmarks.sh), else the program's default.
inline int runsFromEnvironment(int fallback)
{
    const int env = qEnvironmentVariableIntValue("NS_BENCH_RUNS");
    return env > 0 ? env : fallback;
}

} // namespace ns::bench
