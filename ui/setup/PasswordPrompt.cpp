#include "PasswordPrompt.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ns {

PasswordPrompt::PasswordPrompt(const QString &account, bool keychainAvailable, const QString &reason, QWidget *parent)
    : QDialog(parent), m_password(new QLineEdit(this)),
      m_remember(new QCheckBox(tr("&Remember in the system keychain"), this)), m_reason(new QLabel(reason, this))
{
    setWindowTitle(tr("Password for %1").arg(account));
    m_password->setEchoMode(QLineEdit::Password);
    m_reason->setWordWrap(true);
    m_reason->setTextFormat(Qt::PlainText);
    m_remember->setEnabled(keychainAvailable);
    m_remember->setChecked(keychainAvailable);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    connect(m_password, &QLineEdit::textChanged, ok, [ok](const QString &text) { ok->setEnabled(!text.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("NS Inbox needs the password of %1 to connect.").arg(account), this));
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString PasswordPrompt::password() const
{
    return m_password->text();
}

bool PasswordPrompt::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

} // namespace ns
