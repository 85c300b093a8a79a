#pragma once

#include <QString>

namespace ns {

/// Who the user is, as the settings say (QSettings group `profile`).
class Profile
{
public:
    /// `profile/administrator`: may compose messages to other users. False when unset.
    static bool isAdministrator();
    /// What goes into created_by: `profile/name`, else the user's UUID, else the seed's default.
    static QString senderName(const QString &userUuid);
};

} // namespace ns
