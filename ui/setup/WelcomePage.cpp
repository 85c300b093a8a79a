#include "WelcomePage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ns {

WelcomePage::WelcomePage(const QString &presetServer, QWidget *parent)
    : QDialog(parent), m_connect(new QPushButton(tr("&Connect to your server…"), this)),
      m_demo(new QPushButton(tr("Try the &demo"), this)), m_preset(new QLabel(this))
{
    setWindowTitle(tr("Welcome to NS Inbox"));
    auto *title = new QLabel(tr("<h2>Welcome to NS Inbox</h2>"), this);
    auto *text = new QLabel(tr("NS Inbox shows the messages the Notary Service sends you. To read yours, connect to your "
                               "organisation's Kafka server with your user UUID. To look around first, try the demo: it runs "
                               "a small built-in server with sample messages, kept apart from your real inbox."), this);
    text->setWordWrap(true);
    m_preset->setWordWrap(true);
    m_preset->setTextFormat(Qt::PlainText);
    m_preset->setVisible(!presetServer.isEmpty());
    if (!presetServer.isEmpty())
        m_preset->setText(tr("Your organisation has set up the server %1: you only need your user UUID.").arg(presetServer));
    m_connect->setDefault(true);
    m_connect->setAccessibleDescription(tr("Opens the connection settings"));
    m_demo->setAccessibleDescription(tr("Opens an inbox with sample messages from a built-in demo server"));

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_demo, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Clicked, not the box's accepted(): which button it was is the answer.
    connect(m_connect, &QPushButton::clicked, this, [this] { choose(Choice::Connect); });
    connect(m_demo, &QPushButton::clicked, this, [this] { choose(Choice::Demo); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(m_preset);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(520, 260);
}

void WelcomePage::choose(Choice choice)
{
    m_choice = choice;
    QDialog::accept();
}

} // namespace ns
