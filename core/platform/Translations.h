#pragma once

#include <QLocale>
#include <QStringList>

namespace ns {

/// The user's language: NS Inbox's own translation (compiled into the binary under `:/i18n`) and Qt's
/// (from the system's Qt translations folder, for standard buttons and dialogs).
class Translations
{
public:
    /// Installs the translators that exist for `locale` on the application; returns the files loaded.
    /// English needs none, so it returns an empty list.
    static QStringList install(const QLocale &locale = QLocale::system());
};

} // namespace ns
