#pragma once

#include "Message.h"

#include <QUrl>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace ns {

/// The reading pane: subject, sender, date, the body as plain text, and the reference link.
class MessageView : public QWidget
{
    Q_OBJECT

public:
    /// Opens a URL outside the app; injected so tests can see what would have been opened.
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit MessageView(QWidget *parent = nullptr);

    void setUrlOpener(UrlOpener opener) { m_opener = std::move(opener); }
    void showMessage(const Message &message);
    void clear();

    /// True for an absolute http(s) URL with a host: the only links NS Inbox opens.
    static bool isSafeToOpen(const QUrl &url);

Q_SIGNALS:
    /// The reference URL was refused; `reason` says why, for the status bar.
    void linkRefused(const QString &reason);

private:
    void openReference();

    QLabel *m_subject;
    QLabel *m_meta;
    QPlainTextEdit *m_body;
    QLabel *m_link;
    QPushButton *m_open;
    QUrl m_url;
    UrlOpener m_opener;
};

} // namespace ns
