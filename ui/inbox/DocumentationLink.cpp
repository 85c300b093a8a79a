#include "DocumentationLink.h"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>

namespace ns {

DocumentationLink::DocumentationLink(QObject *parent)
    : QObject(parent), m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
}

QString DocumentationLink::installedReadme()
{
    // Beside the binary first: the package installs under /usr whatever prefix the build was configured with.
    const QString besideBinary = QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../" NS_INBOX_DOC_SUBDIR))
                                     .absoluteFilePath(QStringLiteral("README.md"));
    const QString configured = QStringLiteral(NS_INBOX_DOC_DIR "/README.md");
    return QFileInfo(besideBinary).isFile() || !QFileInfo(configured).isFile() ? QDir::cleanPath(besideBinary) : configured;
}

QUrl DocumentationLink::location()
{
    // A build run from its tree has no installed README: the project's page says the same.
    if (QFileInfo(installedReadme()).isFile())
        return QUrl::fromLocalFile(installedReadme());
    return QUrl(QStringLiteral(NS_INBOX_HOMEPAGE));
}

bool DocumentationLink::open()
{
    const QUrl url = location();
    if (m_opener(url))
        return true;
    const QString where = url.isLocalFile() ? url.toLocalFile() : url.toString();
    QApplication::clipboard()->setText(where);
    Q_EMIT notOpened(tr("Nothing opened the documentation. Its place was copied to the clipboard: %1").arg(where));
    return false;
}

} // namespace ns
