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
};
