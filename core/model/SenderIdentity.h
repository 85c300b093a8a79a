#pragma once

#include <QString>

namespace ns {

/// Who a composed message says it is from.
class SenderIdentity
{
public:
    /// What goes into created_by: the setting `profile/name` when set (at most 255 characters, the
    /// seed's CharField), else the sender's user UUID, else the seed's "System Account".
    static QString createdBy(const QString &userUuid);
};

} // namespace ns
