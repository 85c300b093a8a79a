#pragma once

#include "PeopleCsv.h"
#include "Person.h"
#include "StoreError.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>
#include <QVector>

namespace ns {

/// A named set of people: listed members (from the CSV's groups column), or a rule over a column
/// (everyone whose department is "Notary"), evaluated when it is used.
struct PersonGroup
{
    enum class Rule { None, Department, EmailDomain };
    qint64 id = 0;
    QString name;
    Rule rule = Rule::None;
    QString ruleValue;
    int members = 0; ///< As counted when read.
};

/// The administrator's address book in the profile's database: people (by UUID) and groups.
/// Not thread-safe: one per connection, like the other stores.
class AddressBook
{
public:
    explicit AddressBook(QSqlDatabase db);

    struct ImportSummary
    {
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        int groupsCreated = 0;
    };
    /// Writes the rows in one transaction: a person already known (same UUID) is updated, never
    /// doubled; with a groups column, the person's listed memberships become exactly those named.
    /// On any failure nothing is written.
    ImportSummary importPeople(const QVector<PeopleCsv::Row> &rows, StoreError *error);

    /// People whose name (or a word of it) or UUID starts with `prefix`, by name; at most `limit`.
    QVector<Person> completePeople(const QString &prefix, int limit, StoreError *error) const;
    /// Groups whose name starts with `prefix` (or holds it as a word), with their member counts.
    QVector<PersonGroup> completeGroups(const QString &prefix, int limit, StoreError *error) const;
    /// The group called `name` (any case), with its member count; id 0 when there is none.
    PersonGroup group(const QString &name, StoreError *error) const;
    /// The UUIDs of a group's members, by name.
    QStringList groupMembers(const QString &name, StoreError *error) const;
    /// Makes (or redefines) a group by a rule over a column.
    bool defineRuleGroup(const QString &name, PersonGroup::Rule rule, const QString &value, StoreError *error);
    /// The people among `uuids` that the book knows.
    QHash<QString, Person> peopleByUuid(const QStringList &uuids, StoreError *error) const;
    int personCount(StoreError *error) const;

private:
    QString memberQuery(const PersonGroup &group) const;

    QSqlDatabase m_db;
};

} // namespace ns
