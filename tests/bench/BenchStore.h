#pragma once

#include <QString>

/// A generated inbox of realistic messages for the benchmark, reused when it already exists.
class BenchStore
{
public:
    /// The word a few thousand messages contain (invoices), and one that none does.
    static constexpr const char *ThousandsWord = "invoice";
    static constexpr const char *NothingWord = "xylophonic";

    /// Makes sure `path` holds `count` generated messages (schema of this build); false on failure.
    static bool ensure(const QString &path, qint64 count, QString *error);
    /// What SQLite alone takes for `sql` (one UPDATE, in one transaction, the store's triggers
    /// and indexes included) on a copy of the store at `path` made in `dir`: the baseline the
    /// window benchmarks put beside their writes. Milliseconds; -1 on failure.
    static double bareUpdateMs(const QString &path, const QString &dir, const QString &sql);
};
