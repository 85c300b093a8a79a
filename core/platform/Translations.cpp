#include "Translations.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace ns {
namespace {

QString loadInto(const QLocale &locale, const QString &name, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    // QTranslator walks locale.uiLanguages() (LANGUAGE, then LC_ALL / LC_MESSAGES / LANG) itself.
    if (translator->load(locale, name, QStringLiteral("_"), directory) && QCoreApplication::installTranslator(translator))
        return translator->filePath();
    delete translator;
    return {};
}

} // namespace

QStringList Translations::install(const QLocale &locale)
{
    QStringList loaded;
    for (const QString &file : {loadInto(locale, QStringLiteral("ns-inbox"), QStringLiteral(":/i18n")),
                                loadInto(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))}) {
        if (!file.isEmpty())
            loaded.append(file);
    }
    qCDebug(lcApp) << "translations for" << locale.uiLanguages() << ":" << loaded;
    return loaded;
}

} // namespace ns
