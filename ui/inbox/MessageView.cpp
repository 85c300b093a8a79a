#include "MessageView.h"

#include "SnoozeTimes.h"
#include "TextContrast.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QKeyEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QTextBlock>
#include <QVBoxLayout>

namespace ns {

MessageView::MessageView(QWidget *parent)
    : QWidget(parent), m_subject(new QLabel(this)), m_meta(new QLabel(this)), m_origin(new QLabel(this)),
      m_body(new QPlainTextEdit(this)),
      m_link(new QLabel(this)), m_warning(new QLabel(this)), m_open(new QPushButton(tr("Open link"), this)),
      m_linkRow(new QWidget(this)), m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    QFont big = m_subject->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_subject->setFont(big);
    m_subject->setWordWrap(true);
    // Plain text only: a message can never inject markup, links or scripts into the view.
    for (QLabel *label : {m_subject, m_meta, m_origin, m_link, m_warning}) {
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    // Roles and weight, not fixed colours: the pane follows a light or dark desktop palette.
    m_meta->setForegroundRole(QPalette::PlaceholderText);
    m_origin->setForegroundRole(QPalette::PlaceholderText);
    applySecondaryColour();
    m_origin->setWordWrap(true);
    m_warning->setWordWrap(true);
    QFont warningFont = m_warning->font();
    warningFont.setBold(true);
    m_warning->setFont(warningFont);
    m_body->setReadOnly(true);
    m_body->setFrameShape(QFrame::NoFrame);
    m_body->document()->setDocumentMargin(10);
    m_body->viewport()->installEventFilter(this);
    m_body->viewport()->setMouseTracking(true);
    // A caret for the keyboard (and a screen reader's caret navigation): Enter on a link opens it, as
    // a click does, so no link is for the mouse only.
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_body->installEventFilter(this);
    m_open->setIcon(QIcon(QStringLiteral(":/ns-inbox/icons/link.svg")));
    // A label's accessible name is its text, what a screen reader reads: what the label is goes in
    // the description. (A fixed name such as "Subject" hides the subject itself.) The body is a text
    // area: its text is read through its text interface, its name says what it is.
    m_subject->setAccessibleDescription(tr("Subject"));
    m_meta->setAccessibleDescription(tr("Sender and date"));
    m_origin->setAccessibleDescription(tr("Where the message came from on Kafka"));
    m_body->setAccessibleName(tr("Message body"));
    m_link->setAccessibleDescription(tr("Reference link host"));
    m_warning->setAccessibleDescription(tr("Warning"));
    m_open->setAccessibleName(tr("Open the reference link"));

    auto *linkLayout = new QHBoxLayout(m_linkRow);
    linkLayout->setContentsMargins(0, 0, 0, 0);
    linkLayout->addWidget(m_link, 1);
    linkLayout->addWidget(m_open);
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_subject);
    layout->addWidget(m_meta);
    layout->addWidget(m_origin);
    layout->addWidget(m_linkRow);
    layout->addWidget(m_warning);
    layout->addWidget(line);
    layout->addWidget(m_body, 1);
    connect(m_open, &QPushButton::clicked, this, &MessageView::openReference);
    clear();
}

void MessageView::showMessage(const Message &message)
{
    m_messageId = message.id;
    m_subject->setText(message.subject);
    const QDateTime local = message.createdDate.toLocalTime();
    const QLocale locale;
    QString meta = tr("From %1 · %2 at %3")
                       .arg(message.createdBy, locale.toString(local.date(), QLocale::LongFormat),
                            locale.toString(local.time(), locale.timeFormat(QLocale::ShortFormat).remove(QLatin1String(":ss"))));
    if (message.snoozedUntilMs > 0) {
        const QDateTime until = QDateTime::fromMSecsSinceEpoch(message.snoozedUntilMs, Qt::UTC);
        meta += QLatin1Char('\n') + tr("Snoozed until %1").arg(SnoozeTimes::describe(until, QDateTime::currentDateTime()));
    }
    m_meta->setText(meta);
    m_origin->setText(originText(message));
    m_origin->show();
    m_body->setPlainText(message.body);
    m_bodyLinks = findLinks(message.body);
    highlightLinks();
    m_rawUrl = message.referenceUrl;
    m_url = QUrl(message.referenceUrl, QUrl::StrictMode);
    const bool hasLink = !m_rawUrl.isEmpty();
    const QString reason = hasLink ? refusalReason(m_url) : QString();
    // The host is what tells the user where a link really goes.
    m_link->setText(hasLink ? tr("Link to %1").arg(m_url.host().isEmpty() ? m_rawUrl.left(80) : m_url.host()) : QString());
    m_link->setToolTip(m_rawUrl);
    m_open->setAccessibleDescription(m_rawUrl);
    m_linkRow->setVisible(hasLink);
    m_warning->setText(reason.isEmpty() ? QString() : tr("This link will not be opened: %1").arg(reason));
    m_warning->setVisible(!reason.isEmpty());
    m_open->setEnabled(true); // A refused link is refused when clicked, and said so (linkRefused).
}

void MessageView::showUnsent(const Message &message)
{
    showMessage(message);
    m_origin->hide();
    m_open->setEnabled(isSafeToOpen(m_url));
}

void MessageView::showUnreadable(const QString &reason)
{
    clear();
    m_subject->setText(tr("This message could not be read."));
    m_warning->setText(reason);
    m_warning->setVisible(!reason.isEmpty());
}

void MessageView::clear()
{
    m_messageId = 0;
    m_subject->setText(tr("No message selected"));
    m_meta->clear();
    m_origin->clear();
    m_body->clear();
    m_bodyLinks.clear();
    m_linkRow->hide();
    m_warning->hide();
    m_url = QUrl();
    m_rawUrl.clear();
}

void MessageView::showSelectionSummary(const QString &text)
{
    clear();
    m_subject->setText(text);
}

// Control characters in a key are shown escaped: the key is metadata anyone can set.
QString MessageView::originText(const Message &message)
{
    QString key;
    const QString raw = message.kafkaKey.value_or(QString());
    for (const QChar c : raw) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            key += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            key += c;
    }
    const QLocale locale;
    QString text = tr("Kafka: topic %1, partition %2, offset %3")
                       .arg(message.kafkaTopic)
                       .arg(message.kafkaPartition)
                       .arg(message.kafkaOffset);
    if (message.kafkaKey)
        text += tr(", key \"%1\"").arg(key);
    if (message.receivedDate.isValid())
        text += tr("; received %1").arg(locale.toString(message.receivedDate.toLocalTime(), QLocale::ShortFormat));
    return text;
}

QString MessageView::refusalReason(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative())
        return tr("it is not a well-formed address");
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return tr("only http and https links are opened, not \"%1:\"").arg(scheme);
    if (url.host().isEmpty())
        return tr("it names no host");
    if (!url.userInfo().isEmpty())
        return tr("it carries a user name, a way to disguise the real host");
    return {};
}

bool MessageView::isSafeToOpen(const QUrl &url)
{
    return refusalReason(url).isEmpty();
}

bool MessageView::openLink(const QUrl &url)
{
    const QString reason = refusalReason(url);
    if (!reason.isEmpty()) {
        Q_EMIT linkRefused(tr("Refused to open \"%1\": %2.").arg(url.toDisplayString().left(200), reason));
        return false;
    }
    if (m_opener(url))
        return true;
    // No browser (or none that took it): the link is not lost, the user can paste it anywhere.
    QApplication::clipboard()->setText(url.toString());
    Q_EMIT linkNotOpened(tr("No browser opened the link. It was copied to the clipboard: %1").arg(url.toDisplayString().left(200)));
    return false;
}

bool MessageView::openReference()
{
    if (m_rawUrl.isEmpty())
        return false;
    // Parsed strictly: a malformed reference is refused, never "fixed up" into something else.
    return openLink(m_url);
}

QVector<MessageView::Link> MessageView::findLinks(const QString &text)
{
    // Anything with a scheme and "//", and the schemes that run or read things without one.
    static const QRegularExpression re(
        QStringLiteral(R"((?:\b[a-zA-Z][a-zA-Z0-9+.\-]*://|\b(?:javascript|vbscript|data|file|about|blob):)[^\s<>"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    QVector<Link> links;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString word = m.captured(0);
        // Trailing punctuation belongs to the sentence, not the link; a closing bracket only
        // when the link did not open it.
        for (;;) {
            if (word.isEmpty())
                break;
            const QChar last = word.back();
            if (QStringLiteral(".,;:!?").contains(last)) {
                word.chop(1);
                continue;
            }
            const QChar open = last == QLatin1Char(')') ? QLatin1Char('(') : last == QLatin1Char(']') ? QLatin1Char('[') : QChar();
            if (!open.isNull() && word.count(open) < word.count(last)) {
                word.chop(1);
                continue;
            }
            break;
        }
        links.append({m.capturedStart(0), word.size(), word});
    }
    return links;
}

void MessageView::highlightLinks()
{
    QList<QTextEdit::ExtraSelection> selections;
    for (const Link &link : std::as_const(m_bodyLinks)) {
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(m_body->document());
        sel.cursor.setPosition(static_cast<int>(link.start));
        sel.cursor.setPosition(static_cast<int>(link.start + link.length), QTextCursor::KeepAnchor);
        const bool safe = isSafeToOpen(QUrl(link.text, QUrl::StrictMode));
        // Safe links in the palette's link colour; refused ones in the text colour, struck through: told
        // by shape as well as colour, and readable in every palette (no fixed red on a dark theme).
        sel.format.setFontUnderline(safe);
        sel.format.setFontStrikeOut(!safe);
        sel.format.setForeground(palette().color(safe ? QPalette::Link : QPalette::Text));
        sel.format.setToolTip(safe ? link.text : tr("Not opened: %1").arg(refusalReason(QUrl(link.text, QUrl::StrictMode))));
        selections.append(sel);
    }
    m_body->setExtraSelections(selections);
}

void MessageView::applySecondaryColour()
{
    // Only PlaceholderText is set on the two labels: every other role still follows the desktop.
    const QColor colour = TextContrast::secondary(palette(), palette().color(QPalette::Window), QPalette::WindowText);
    for (QLabel *label : {m_meta, m_origin}) {
        QPalette p = label->palette();
        p.setColor(QPalette::PlaceholderText, colour);
        label->setPalette(p);
    }
}

void MessageView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        applySecondaryColour();
        highlightLinks();
    }
    QWidget::changeEvent(event);
}

QString MessageView::subject() const
{
    return m_subject->text();
}

void MessageView::startReading()
{
    m_body->moveCursor(QTextCursor::Start);
    m_body->ensureCursorVisible();
    m_body->setFocus(Qt::OtherFocusReason);
}

bool MessageView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_body && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            const int position = m_body->textCursor().position();
            for (const Link &link : std::as_const(m_bodyLinks)) {
                if (position >= link.start && position <= link.start + link.length) {
                    openLink(QUrl(link.text, QUrl::StrictMode));
                    return true;
                }
            }
        }
    }
    if (watched == m_body->viewport()
        && (event->type() == QEvent::MouseButtonRelease || event->type() == QEvent::MouseMove)) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const int position = m_body->cursorForPosition(mouse->position().toPoint()).position();
        const Link *hit = nullptr;
        for (const Link &link : std::as_const(m_bodyLinks)) {
            if (position >= link.start && position < link.start + link.length)
                hit = &link;
        }
        if (event->type() == QEvent::MouseMove) {
            m_body->viewport()->setCursor(hit ? Qt::PointingHandCursor : Qt::IBeamCursor);
        } else if (hit && mouse->button() == Qt::LeftButton && !m_body->textCursor().hasSelection()) {
            openLink(QUrl(hit->text, QUrl::StrictMode));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ns
