#include "SqliteStatement.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace ns {

SqliteStatement::Library SqliteStatement::linkedLibrary()
{
    return {QString::fromLatin1(sqlite3_libversion()), QString::fromLatin1(sqlite3_sourceid())};
}

SqliteStatement::Library SqliteStatement::driverLibrary(const QSqlDatabase &db, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT sqlite_version(), sqlite_source_id()")) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("asking the Qt SQLite driver for its version"));
        return {};
    }
    *error = {};
    return {q.value(0).toString(), q.value(1).toString()};
}

StoreError SqliteStatement::checkSameLibrary(const Library &linked, const Library &driver)
{
    // The source id names the exact check-in (and says if the source was edited), so two builds
    // of one release from different trees, or a patched copy, differ too.
    if (!linked.version.isEmpty() && linked.version == driver.version && linked.sourceId == driver.sourceId)
        return {};
    return {StoreError::Kind::Library,
            QStringLiteral("Qt's SQLite driver uses SQLite %1 (%2) but NS Inbox was built with SQLite %3 (%4); "
                           "install the Qt SQLite plugin built against the system SQLite")
                .arg(driver.version, driver.sourceId, linked.version, linked.sourceId)};
}

sqlite3 *SqliteStatement::handleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

SqliteStatement::SqliteStatement(const QSqlDatabase &db, const char *sql)
{
    m_handle = handleOf(db);
    if (!m_handle) {
        m_prepareError = QStringLiteral("not an open SQLite connection");
        return;
    }
    if (sqlite3_prepare_v3(m_handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        m_prepareError = QString::fromUtf8(sqlite3_errmsg(m_handle));
        m_stmt = nullptr;
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bindText(int index, const QString &text)
{
    // UTF-16 straight from the QString: no QVariant, no copy (SQLITE_STATIC; see the header).
    static const char16_t empty[] = u"";
    const void *data = text.isNull() ? static_cast<const void *>(empty) : static_cast<const void *>(text.utf16());
    sqlite3_bind_text16(m_stmt, index, data, static_cast<int>(text.size() * 2), SQLITE_STATIC);
}

void SqliteStatement::bindText(int index, const std::optional<QString> &text)
{
    text ? bindText(index, *text) : bindNull(index);
}

void SqliteStatement::bindBlob(int index, const QByteArray &blob)
{
    sqlite3_bind_blob(m_stmt, index, blob.isNull() ? "" : blob.constData(), static_cast<int>(blob.size()), SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, const std::optional<QByteArray> &blob)
{
    blob ? bindBlob(index, *blob) : bindNull(index);
}

void SqliteStatement::bindInt64(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

int SqliteStatement::execute(StoreError *error, const QString &context)
{
    if (!m_stmt) {
        *error = {StoreError::Kind::Other, context + QStringLiteral(": ") + m_prepareError};
        return -1;
    }
    const int rc = sqlite3_step(m_stmt);
    int changed = -1;
    if (rc == SQLITE_DONE) {
        changed = sqlite3_changes(m_handle);
    } else {
        *error = StoreError::fromSqliteCode(sqlite3_extended_errcode(m_handle),
                                            context + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(m_handle)));
    }
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return changed;
}

} // namespace ns
