#pragma once

#include <QObject>
#include <QUrl>

#include <functional>

namespace ns {

/// Help > Documentation: the README the package installs (share/doc/ns-inbox/README.md), or the
/// project's page when it is not installed; a failure to open it is said, with the link copied.
class DocumentationLink : public QObject
{
    Q_OBJECT

public:
    /// Opens a URL outside the app (QDesktopServices::openUrl); injected so tests see what would open.
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit DocumentationLink(QObject *parent = nullptr);

    /// The installed README when it is there, else the project's page.
    static QUrl location();
    /// Where the package installs the README.
    static QString installedReadme();

    void setOpener(UrlOpener opener) { m_opener = std::move(opener); }

public Q_SLOTS:
    /// Opens location(); when nothing opens it, copies it to the clipboard and emits notOpened.
    bool open();

Q_SIGNALS:
    /// Nothing opened the documentation; `text` says so and where it is, for the status bar.
    void notOpened(const QString &text);

private:
    UrlOpener m_opener;
};

} // namespace ns
