#pragma once

#include "Person.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVector>

namespace ns {

/// The address book's CSV, as the web service's user table exports it.
///
/// The first line names the columns: `uuid` and `name` are required, `email`, `department` and
/// `groups` (group names separated by `;`) are optional, in any order, any case; other columns
/// are ignored (and named). A file without a header line (its first field a UUID) is read as
/// `uuid,name,email,department`. Every row is checked; a bad one is listed with its line and
/// reason, and the import writes nothing unless told to skip the bad rows.
class PeopleCsv
{
    Q_DECLARE_TR_FUNCTIONS(ns::PeopleCsv)

public:
    struct Row
    {
        int line = 0;
        Person person;
        QStringList groups;
        bool hasGroups = false; ///< The file has a groups column (else memberships are left as they are).
    };
    struct Problem
    {
        int line = 0; ///< 0: the file as a whole.
        QString reason;
    };
    struct Result
    {
        QVector<Row> rows;          ///< The good rows, in file order.
        QVector<Problem> problems;  ///< Bad rows (and file-wide problems), in file order.
        QStringList ignoredColumns;
        bool isClean() const { return problems.isEmpty(); }
    };

    /// The columns a header may name.
    static QStringList knownColumns();
    static Result parse(const QString &text);
};

} // namespace ns
