#pragma once

#include <QStringList>
#include <QVector>

namespace ns {

/// Splits CSV text (RFC 4180: commas, double quotes, "" inside quotes, CRLF or LF, a quoted field
/// may span lines; a UTF-8 byte order mark is dropped) into records, each with the line it starts on.
class CsvReader
{
public:
    struct Record
    {
        int line = 0; ///< 1-based line of the file where the record starts.
        QStringList fields;
    };

    /// The records of `text`; blank lines are skipped. An unterminated quote ends the text and
    /// is reported through `error` (with its line) instead of guessing.
    static QVector<Record> parse(const QString &text, QString *error);
};

} // namespace ns
