#include "StoreError.h"

namespace ns {

StoreError StoreError::fromSql(const QSqlError &error, const QString &context)
{
    // The QSQLITE driver reports the extended result code as text.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    // SQLite's own words, without the driver's "Unable to fetch row" / "Unable to execute
    // statement": the same failure met at another step reads the same, so it is told once.
    const QString words = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return fromSqliteCode(ok ? code : -1, context + QStringLiteral(": ") + words);
}

QString StoreError::kindName() const
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::DiskFull: return QStringLiteral("disk-full");
    case Kind::ReadOnly: return QStringLiteral("read-only");
    case Kind::Busy: return QStringLiteral("busy");
    case Kind::Io: return QStringLiteral("io");
    case Kind::Corrupt: return QStringLiteral("corrupt");
    case Kind::Schema: return QStringLiteral("schema");
    case Kind::Library: return QStringLiteral("library");
    case Kind::Other: break;
    }
    return QStringLiteral("other");
}

StoreError StoreError::fromSqliteCode(int extendedCode, const QString &text)
{
    StoreError e;
    e.text = text;
    // The low byte of an extended result code is the primary code.
    switch (extendedCode < 0 ? -1 : extendedCode & 0xff) {
    case 13: e.kind = Kind::DiskFull; break;
    case 8:
    case 3: e.kind = Kind::ReadOnly; break;
    case 5:
    case 6: e.kind = Kind::Busy; break;
    case 10:
    case 14: e.kind = Kind::Io; break;
    case 11:
    case 26: e.kind = Kind::Corrupt; break;
    default: e.kind = Kind::Other; break;
    }
    return e;
}

} // namespace ns
