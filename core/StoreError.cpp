#include "StoreError.h"

namespace ns {

StoreError StoreError::fromSql(const QSqlError &error, const QString &context)
{
    StoreError e;
    e.text = context + QStringLiteral(": ") + error.text();
    // The QSQLITE driver reports the extended result code; its low byte is the primary code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    switch (ok ? code : -1) {
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
