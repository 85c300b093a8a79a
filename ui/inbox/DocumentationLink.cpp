#include "DocumentationLink.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>

namespace ns {

DocumentationLink::DocumentationLink(QObject *parent)
    : QObject(parent), m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
}

QString DocumentationLink::installedReadme()
{
    return QStringLiteral(NS_INBOX_DOC_DIR "/README.md");
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
