#include "ConnectionSettings.h"

#include <QRegularExpression>

namespace ns {

bool isCanonicalUuid(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return pattern.match(text).hasMatch();
}

} // namespace ns
