#include "MessageView.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ns {

MessageView::MessageView(QWidget *parent)
    : QWidget(parent), m_subject(new QLabel(this)), m_meta(new QLabel(this)), m_body(new QPlainTextEdit(this)),
      m_link(new QLabel(this)), m_open(new QPushButton(tr("Open link"), this)),
      m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    QFont big = m_subject->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_subject->setFont(big);
    m_subject->setWordWrap(true);
    // Plain text only: a message can never inject markup, links or scripts into the view.
    for (QLabel *label : {m_subject, m_meta, m_link}) {
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_body->setReadOnly(true);
    m_subject->setAccessibleName(tr("Subject"));
    m_meta->setAccessibleName(tr("Sender and date"));
    m_body->setAccessibleName(tr("Message body"));
    m_open->setAccessibleName(tr("Open the reference link"));

    auto *linkRow = new QHBoxLayout;
    linkRow->addWidget(m_link, 1);
    linkRow->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_subject);
    layout->addWidget(m_meta);
    layout->addWidget(m_body, 1);
    layout->addLayout(linkRow);
    connect(m_open, &QPushButton::clicked, this, &MessageView::openReference);
    clear();
}

void MessageView::showMessage(const Message &message)
{
    m_subject->setText(message.subject);
    m_meta->setText(tr("From %1 — %2")
                        .arg(message.createdBy, QLocale().toString(message.createdDate.toLocalTime(), QLocale::LongFormat)));
    m_body->setPlainText(message.body);
    m_url = QUrl(message.referenceUrl, QUrl::StrictMode);
    const bool hasLink = !message.referenceUrl.isEmpty();
    m_link->setText(hasLink ? (m_url.host().isEmpty() ? message.referenceUrl : m_url.host()) : QString());
    m_link->setToolTip(message.referenceUrl);
    m_link->setVisible(hasLink);
    m_open->setVisible(hasLink);
}

void MessageView::clear()
{
    m_subject->setText(tr("No message selected"));
    m_meta->clear();
    m_body->clear();
    m_link->hide();
    m_open->hide();
    m_url = QUrl();
}

bool MessageView::isSafeToOpen(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https")) && !url.host().isEmpty();
}

void MessageView::openReference()
{
    if (!isSafeToOpen(m_url)) {
        Q_EMIT linkRefused(tr("Refused to open \"%1\": only http and https links with a host are opened.")
                               .arg(m_url.toString()));
        return;
    }
    m_opener(m_url);
}

} // namespace ns
