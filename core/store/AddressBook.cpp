#include "AddressBook.h"

#include "SqlTransaction.h"
#include "SqliteStatement.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace ns {
namespace {

QString ruleName(PersonGroup::Rule rule)
{
    switch (rule) {
    case PersonGroup::Rule::Department: return QStringLiteral("department");
    case PersonGroup::Rule::EmailDomain: return QStringLiteral("email_domain");
    case PersonGroup::Rule::None: break;
    }
    return {};
}

PersonGroup::Rule ruleFrom(const QString &name)
{
    if (name == QLatin1String("department"))
        return PersonGroup::Rule::Department;
    if (name == QLatin1String("email_domain"))
        return PersonGroup::Rule::EmailDomain;
    return PersonGroup::Rule::None;
}

// LIKE's own wildcards in what people type are taken literally.
QString likeEscaped(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("\\%")).replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return out;
}

Person personFrom(const QSqlQuery &q)
{
    return Person{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
}

qint64 scalar(QSqlDatabase db, const QString &sql, const QVariantList &binds, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.prepare(sql)) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the address book"));
        return -1;
    }
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec() || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the address book"));
        return -1;
    }
    return q.value(0).toLongLong();
}

// The id of the group called `name`, made (and counted in `created`) when there is none.
qint64 groupIdFor(QSqlDatabase db, const QString &name, int *created, StoreError *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM person_groups WHERE name = ?"));
    q.bindValue(0, name);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading group %1").arg(name));
        return -1;
    }
    if (q.next())
        return q.value(0).toLongLong();
    q.prepare(QStringLiteral("INSERT INTO person_groups (name) VALUES (?)"));
    q.bindValue(0, name);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("creating group %1").arg(name));
        return -1;
    }
    ++*created;
    return q.lastInsertId().toLongLong();
}

} // namespace

AddressBook::AddressBook(QSqlDatabase db) : m_db(std::move(db)) {}

AddressBook::ImportSummary AddressBook::importPeople(const QVector<PeopleCsv::Row> &rows, StoreError *error)
{
    *error = {};
    ImportSummary summary;
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting the import"));
        return {};
    }
    const qint64 before = scalar(m_db, QStringLiteral("SELECT count(*) FROM people"), {}, error);
    if (before < 0)
        return {};
    // SQLite's own statements (SqliteStatement): 100,000 rows bound through QVariant cost more
    // than SQLite itself. A row whose values did not change is not written (WHERE on the update).
    SqliteStatement upsert(m_db, "INSERT INTO people (uuid, name, email, department, updated) VALUES (?1, ?2, ?3, ?4, ?5)"
                                 " ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, email = excluded.email,"
                                 " department = excluded.department, updated = excluded.updated"
                                 " WHERE name IS NOT excluded.name OR email IS NOT excluded.email OR department IS NOT excluded.department");
    SqliteStatement dropMemberships(m_db, "DELETE FROM group_members WHERE uuid = ?1");
    SqliteStatement addMembership(m_db, "INSERT OR IGNORE INTO group_members (group_id, uuid) VALUES (?1, ?2)");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, qint64> groupIds; // lower-case name -> id
    int changed = 0;
    for (const PeopleCsv::Row &row : rows) {
        upsert.bindText(1, row.person.uuid);
        upsert.bindText(2, row.person.name);
        upsert.bindText(3, row.person.email);
        upsert.bindText(4, row.person.department);
        upsert.bindInt64(5, now);
        const int n = upsert.execute(error, QStringLiteral("importing %1").arg(row.person.uuid));
        if (n < 0)
            return {};
        changed += n;
        if (!row.hasGroups)
            continue;
        dropMemberships.bindText(1, row.person.uuid);
        if (dropMemberships.execute(error, QStringLiteral("replacing memberships")) < 0)
            return {};
        for (const QString &name : row.groups) {
            qint64 &id = groupIds[name.toLower()];
            if (id == 0) {
                id = groupIdFor(m_db, name, &summary.groupsCreated, error);
                if (id <= 0)
                    return {};
            }
            addMembership.bindInt64(1, id);
            addMembership.bindText(2, row.person.uuid);
            if (addMembership.execute(error, QStringLiteral("adding %1 to %2").arg(row.person.uuid, name)) < 0)
                return {};
        }
    }
    const qint64 after = scalar(m_db, QStringLiteral("SELECT count(*) FROM people"), {}, error);
    if (after < 0)
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing the import"));
        return {};
    }
    summary.added = static_cast<int>(after - before);
    summary.updated = changed - summary.added;
    summary.unchanged = static_cast<int>(rows.size()) - changed;
    return summary;
}

QVector<Person> AddressBook::completePeople(const QString &prefix, int limit, StoreError *error) const
{
    *error = {};
    const QString p = likeEscaped(prefix.trimmed());
    QVector<Person> out;
    if (p.isEmpty())
        return out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT uuid, name, email, department FROM people"
                             " WHERE name LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR uuid LIKE ? ESCAPE '\\'"
                             " ORDER BY name COLLATE NOCASE, uuid LIMIT ?"));
    q.bindValue(0, p + QLatin1Char('%'));
    q.bindValue(1, QStringLiteral("% ") + p + QLatin1Char('%'));
    q.bindValue(2, p.toLower() + QLatin1Char('%'));
    q.bindValue(3, limit);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("completing a name"));
        return {};
    }
    while (q.next())
        out.append(personFrom(q));
    return out;
}

QString AddressBook::memberQuery(const PersonGroup &g) const
{
    switch (g.rule) {
    case PersonGroup::Rule::Department: return QStringLiteral("SELECT uuid FROM people WHERE department = ? COLLATE NOCASE");
    case PersonGroup::Rule::EmailDomain: return QStringLiteral("SELECT uuid FROM people WHERE email LIKE '%@' || ? COLLATE NOCASE");
    case PersonGroup::Rule::None: break;
    }
    return QStringLiteral("SELECT uuid FROM group_members WHERE group_id = ?");
}

QVector<PersonGroup> AddressBook::completeGroups(const QString &prefix, int limit, StoreError *error) const
{
    *error = {};
    const QString p = likeEscaped(prefix.trimmed());
    QVector<PersonGroup> out;
    if (p.isEmpty())
        return out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT name FROM person_groups WHERE name LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'"
                             " ORDER BY name COLLATE NOCASE LIMIT ?"));
    q.bindValue(0, p + QLatin1Char('%'));
    q.bindValue(1, QStringLiteral("% ") + p + QLatin1Char('%'));
    q.bindValue(2, limit);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("completing a group"));
        return {};
    }
    QStringList names;
    while (q.next())
        names.append(q.value(0).toString());
    for (const QString &name : std::as_const(names)) {
        out.append(group(name, error));
        if (error->isError())
            return {};
    }
    return out;
}

PersonGroup AddressBook::group(const QString &name, StoreError *error) const
{
    *error = {};
    PersonGroup g;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, name, rule, rule_value FROM person_groups WHERE name = ?"));
    q.bindValue(0, name.trimmed());
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading a group"));
        return {};
    }
    if (!q.next())
        return {};
    g.id = q.value(0).toLongLong();
    g.name = q.value(1).toString();
    g.rule = ruleFrom(q.value(2).toString());
    g.ruleValue = q.value(3).toString();
    const QVariant key = g.rule == PersonGroup::Rule::None ? QVariant(g.id) : QVariant(g.ruleValue);
    const qint64 n = scalar(m_db, QStringLiteral("SELECT count(*) FROM (%1)").arg(memberQuery(g)), {key}, error);
    g.members = static_cast<int>(std::max<qint64>(0, n));
    return g;
}

QStringList AddressBook::groupMembers(const QString &name, StoreError *error) const
{
    const PersonGroup g = group(name, error);
    if (error->isError() || g.id == 0)
        return {};
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(memberQuery(g) + QStringLiteral(" ORDER BY uuid"));
    q.bindValue(0, g.rule == PersonGroup::Rule::None ? QVariant(g.id) : QVariant(g.ruleValue));
    QStringList out;
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading a group's members"));
        return {};
    }
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

bool AddressBook::defineRuleGroup(const QString &name, PersonGroup::Rule rule, const QString &value, StoreError *error)
{
    *error = {};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO person_groups (name, rule, rule_value) VALUES (?, ?, ?)"
                             " ON CONFLICT (name) DO UPDATE SET rule = excluded.rule, rule_value = excluded.rule_value"));
    q.bindValue(0, name.trimmed());
    q.bindValue(1, rule == PersonGroup::Rule::None ? QVariant(QMetaType(QMetaType::QString)) : QVariant(ruleName(rule)));
    q.bindValue(2, value);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("defining group %1").arg(name));
        return false;
    }
    return true;
}

QHash<QString, Person> AddressBook::peopleByUuid(const QStringList &uuids, StoreError *error) const
{
    *error = {};
    QHash<QString, Person> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    constexpr qsizetype Chunk = 500;
    for (qsizetype i = 0; i < uuids.size(); i += Chunk) {
        const QStringList part = uuids.mid(i, Chunk);
        QStringList marks;
        marks.fill(QStringLiteral("?"), part.size());
        q.prepare(QStringLiteral("SELECT uuid, name, email, department FROM people WHERE uuid IN (%1)").arg(marks.join(QLatin1Char(','))));
        for (int j = 0; j < part.size(); ++j)
            q.bindValue(j, part.at(j));
        if (!q.exec()) {
            *error = StoreError::fromSql(q.lastError(), QStringLiteral("looking up people"));
            return {};
        }
        while (q.next()) {
            const Person p = personFrom(q);
            out.insert(p.uuid, p);
        }
    }
    return out;
}

int AddressBook::personCount(StoreError *error) const
{
    *error = {};
    return static_cast<int>(scalar(m_db, QStringLiteral("SELECT count(*) FROM people"), {}, error));
}

} // namespace ns
