#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace ns {

/// Asks for the SASL password when neither the keychain nor $NS_INBOX_SASL_PASSWORD has it, and says why.
class PasswordPrompt : public QDialog
{
    Q_OBJECT

public:
    /// `keychainAvailable`: offer to remember the password; `reason`: why it is asked (e.g. no keychain).
    PasswordPrompt(const QString &account, bool keychainAvailable, const QString &reason, QWidget *parent = nullptr);

    QString password() const;
    bool remember() const;
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *rememberCheck() const { return m_remember; }
    QLabel *reasonLabel() const { return m_reason; }

private:
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_reason;
};

} // namespace ns
