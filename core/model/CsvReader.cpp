#include "CsvReader.h"

#include <QCoreApplication>

namespace ns {

QVector<CsvReader::Record> CsvReader::parse(const QString &input, QString *error)
{
    QVector<Record> records;
    QStringView text(input);
    if (text.startsWith(QChar(0xfeff)))
        text = text.mid(1);
    Record current;
    QString field;
    bool quoted = false;      // Inside a quoted field.
    bool fieldStarted = false; // The record has a field (even an empty one) before the cursor.
    int line = 1;
    int quoteLine = 0;
    current.line = 1;
    const auto endRecord = [&] {
        if (fieldStarted || !field.isEmpty() || !current.fields.isEmpty()) {
            current.fields.append(field);
            records.append(current);
        }
        current = Record{};
        field.clear();
        fieldStarted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
            quoteLine = line;
            fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            current.fields.append(field);
            field.clear();
            fieldStarted = true;
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            ++line;
            current.line = line;
        } else {
            // A run of plain characters at once: a 100,000-row file is millions of them.
            qsizetype end = i + 1;
            while (end < text.size()) {
                const QChar d = text.at(end);
                if (d == QLatin1Char(',') || d == QLatin1Char('\r') || d == QLatin1Char('\n') || d == QLatin1Char('"'))
                    break;
                ++end;
            }
            field += text.mid(i, end - i);
            i = end - 1;
        }
    }
    if (quoted) {
        *error = QCoreApplication::translate("ns::CsvReader", "line %1: a quoted field is not closed").arg(quoteLine);
        return {};
    }
    endRecord();
    error->clear();
    return records;
}

} // namespace ns
