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
///
/// Nothing from a message is ever interpreted: labels and the body are plain text. Links (the
/// reference URL and URLs in the body) open only through openLink(), which refuses anything but a
/// well-formed http or https URL with a host, and says why.
class MessageView : public QWidget
{
    Q_OBJECT

public:
    /// Opens a URL outside the app; injected so tests can see what would have been opened.
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit MessageView(QWidget *parent = nullptr);

    void setUrlOpener(UrlOpener opener) { m_opener = std::move(opener); }
    void showMessage(const Message &message);
    /// A message not sent yet (the compose preview): without the Kafka line ("topic , partition -1"
    /// would be noise) and without Open for a link the reader would refuse (the pane says why).
    void showUnsent(const Message &message);
    /// Says that the selected message could not be read from the inbox file, and why (`reason`):
    /// an empty pane would look like a message without text.
    void showUnreadable(const QString &reason);
    void clear();
    /// Several messages are selected: the pane says so (`text`) instead of showing one.
    void showSelectionSummary(const QString &text);
    qint64 messageId() const { return m_messageId; }
    /// The shown message's subject, as the pane shows it.
    QString subject() const;
    /// Open Message: the keys go to the body (arrows and Page Down scroll it, Return on a link
    /// opens it), from its top.
    void startReading();
    QUrl referenceUrl() const { return m_url; }
    bool hasReference() const { return !m_rawUrl.isEmpty(); }

    /// True for an absolute http(s) URL with a host: the only links NS Inbox opens.
    static bool isSafeToOpen(const QUrl &url);
    /// "Kafka: topic T, partition P, offset O, key "K"; received DATE" for the details line.
    static QString originText(const Message &message);
    /// Why `url` will not be opened, for the user; empty when it is safe.
    static QString refusalReason(const QUrl &url);
    /// The link-like words of a text (scheme://..., and the scripting schemes), with positions.
    struct Link
    {
        qsizetype start = 0;
        qsizetype length = 0;
        QString text;
    };
    static QVector<Link> findLinks(const QString &text);

public Q_SLOTS:
    /// Opens the message's reference URL, if it is safe.
    bool openReference();
    /// Opens `url` if it is safe; otherwise emits linkRefused and opens nothing.
    bool openLink(const QUrl &url);

Q_SIGNALS:
    /// A link was refused; `reason` says why, for the status bar.
    void linkRefused(const QString &reason);
    /// A safe link was handed to the desktop and nothing opened it; `text` says so (it is on the clipboard).
    void linkNotOpened(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void highlightLinks();
    /// The details' dimmed colour, readable (4.5:1) in the current palette.
    void applySecondaryColour();

    QLabel *m_subject;
    QLabel *m_meta;
    QLabel *m_origin; ///< Topic, partition, offset, key, when received: where it came from on the wire.
    QPlainTextEdit *m_body;
    QLabel *m_link;
    QLabel *m_warning;
    QPushButton *m_open;
    QWidget *m_linkRow;
    QUrl m_url;
    QString m_rawUrl;
    qint64 m_messageId = 0;
    QVector<Link> m_bodyLinks;
    UrlOpener m_opener;
};

} // namespace ns
