#include "PeopleCsv.h"

#include "ConnectionSettings.h"
#include "CsvReader.h"

#include <QHash>

namespace ns {

QStringList PeopleCsv::knownColumns()
{
    return {QStringLiteral("uuid"), QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("department"), QStringLiteral("groups")};
}

PeopleCsv::Result PeopleCsv::parse(const QString &text)
{
    Result result;
    QString error;
    const QVector<CsvReader::Record> records = CsvReader::parse(text, &error);
    if (!error.isEmpty()) {
        result.problems.append({0, error});
        return result;
    }
    if (records.isEmpty()) {
        result.problems.append({0, tr("the file holds no rows")});
        return result;
    }
    // Column name -> index; a header unless the first field is a UUID.
    QHash<QString, int> column;
    qsizetype first = 0;
    const QString firstField = records.constFirst().fields.value(0).trimmed();
    if (isCanonicalUuid(firstField.toLower())) {
        const QStringList defaults{QStringLiteral("uuid"), QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("department")};
        for (int i = 0; i < defaults.size(); ++i)
            column.insert(defaults.at(i), i);
    } else {
        first = 1;
        const QStringList header = records.constFirst().fields;
        for (int i = 0; i < header.size(); ++i) {
            const QString name = header.at(i).trimmed().toLower();
            if (!knownColumns().contains(name)) {
                result.ignoredColumns.append(header.at(i).trimmed());
                continue;
            }
            if (column.contains(name)) {
                result.problems.append({records.constFirst().line, tr("the column \"%1\" appears twice").arg(name)});
                return result;
            }
            column.insert(name, i);
        }
        for (const QString &required : {QStringLiteral("uuid"), QStringLiteral("name")}) {
            if (!column.contains(required)) {
                result.problems.append({records.constFirst().line,
                                        tr("no \"%1\" column: the first line must name the columns (uuid,name,...)").arg(required)});
                return result;
            }
        }
    }
    const int width = first == 1 ? static_cast<int>(records.constFirst().fields.size()) : -1;
    const auto field = [&](const CsvReader::Record &r, const QString &name) {
        return column.contains(name) ? r.fields.value(column.value(name)).trimmed() : QString();
    };
    QHash<QString, int> seen; // uuid -> line
    result.rows.reserve(records.size());
    for (qsizetype i = first; i < records.size(); ++i) {
        const CsvReader::Record &r = records.at(i);
        if (width > 0 && r.fields.size() != width) {
            result.problems.append({r.line, tr("%1 fields where the header has %2").arg(r.fields.size()).arg(width)});
            continue;
        }
        Row row;
        row.line = r.line;
        const QString rawUuid = field(r, QStringLiteral("uuid"));
        if (rawUuid.isEmpty()) {
            result.problems.append({r.line, tr("no UUID")});
            continue;
        }
        // Either case, as Python's uuid.UUID() reads it; the topic is the lowercase form.
        row.person.uuid = rawUuid.toLower();
        if (!isCanonicalUuid(row.person.uuid)) {
            result.problems.append({r.line, tr("\"%1\" is not a user UUID (8-4-4-4-12 hexadecimal)").arg(rawUuid)});
            continue;
        }
        row.person.name = field(r, QStringLiteral("name"));
        if (row.person.name.isEmpty()) {
            result.problems.append({r.line, tr("no name for %1").arg(row.person.uuid)});
            continue;
        }
        if (const auto it = seen.constFind(row.person.uuid); it != seen.cend()) {
            result.problems.append({r.line, tr("%1 is already on line %2").arg(row.person.uuid).arg(*it)});
            continue;
        }
        seen.insert(row.person.uuid, r.line);
        row.person.email = field(r, QStringLiteral("email"));
        row.person.department = field(r, QStringLiteral("department"));
        row.hasGroups = column.contains(QStringLiteral("groups"));
        for (const QString &g : field(r, QStringLiteral("groups")).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            if (const QString name = g.trimmed(); !name.isEmpty() && !row.groups.contains(name))
                row.groups.append(name);
        }
        result.rows.append(std::move(row));
    }
    return result;
}

} // namespace ns
