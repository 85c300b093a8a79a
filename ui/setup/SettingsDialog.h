#pragma once

#include "ProbeReport.h"
#include "ProfileSettings.h"

#include <QDialog>
#include <QMessageBox>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;
class QTreeWidget;

namespace ns {

class ConnectionProbe;
class SecretStore;

/// Edits the connection profile: server, user, security, password (kept in the SecretStore, never in
/// the settings file), administrator mode and the ingest loop; tests the connection step by step.
///
/// OK validates, writes the profile to `settings`, then the password to the store; it closes once the
/// store answered. Without a keychain the dialog says so, and the password is kept for this session only
/// (sessionPassword()).
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const ProfileSettings &profile, SecretStore *secrets, QSettings *settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// The profile as the fields say now (password not included).
    ProfileSettings profile() const;
    /// The password typed or read from the store; what the session should use after OK.
    QString sessionPassword() const;
    /// After OK: whether the password is in the keychain (false: this session only, or no SASL).
    bool passwordRemembered() const { return m_passwordRemembered; }
    /// The connection test's latest report.
    ProbeReport lastProbeReport() const { return m_lastReport; }
    bool isTesting() const;

    // For tests and accessibility tools: the widgets by role.
    QLineEdit *bootstrapEdit() const { return m_bootstrap; }
    QLineEdit *userEdit() const { return m_user; }
    QComboBox *securityCombo() const { return m_security; }
    QComboBox *mechanismCombo() const { return m_mechanism; }
    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *caFileEdit() const { return m_caFile; }
    QCheckBox *administratorCheck() const { return m_administrator; }
    /// The name shown as the sender of composed messages (empty: the user UUID).
    QLineEdit *senderNameEdit() const { return m_senderName; }
    QSpinBox *batchSizeSpin() const { return m_batchSize; }
    QSpinBox *pollTimeoutSpin() const { return m_pollTimeout; }
    QPushButton *testButton() const { return m_test; }
    QLabel *problemsLabel() const { return m_problems; }
    QLabel *keychainLabel() const { return m_keychain; }
    QLabel *testSummaryLabel() const { return m_testSummary; }
    QTreeWidget *testSteps() const { return m_steps; }
    /// "Save anyway?" after OK on a connection the test could not make; null when not asked.
    QMessageBox *saveAnywayQuestion() const { return m_saveAnywayQuestion.data(); }

public Q_SLOTS:
    void accept() override;
    void testConnection();

Q_SIGNALS:
    /// The connection test finished (also reflected in the widgets).
    void connectionTested(const ns::ProbeReport &report);

private:
    void buildForm();
    void updateEnabledFields();
    void loadStoredPassword();
    bool showProblems(const QVector<ProfileSettings::Problem> &problems);
    void showStep(const ProbeReport::StepResult &step);
    void onTestFinished(const ProbeReport &report);
    void finishAccept();
    /// Makes the dialog as tall as its content wants, within the screen; never shrinks it.
    void growToFit();
    ConnectionSettings connectionWithPassword() const;
    /// What a connection test depends on (the password included), to tell whether a report is for these settings.
    QStringList connectionKey() const;
    /// OK on a server or account other than the saved one that no test has reached yet.
    bool connectionUnproven() const;
    void askSaveAnyway();

    SecretStore *m_secrets;
    QSettings *m_settings;
    ProfileSettings m_initial;
    QString m_storedPassword;
    bool m_passwordRemembered = false;
    bool m_saving = false;
    ConnectionProbe *m_probe;
    ProbeReport m_lastReport;

    QLineEdit *m_bootstrap;
    QLineEdit *m_user;
    QComboBox *m_security;
    QComboBox *m_mechanism;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_caFile;
    QPushButton *m_browseCa;
    QCheckBox *m_administrator;
    QSpinBox *m_batchSize;
    QSpinBox *m_pollTimeout;
    QLabel *m_keychain;
    QPushButton *m_test;
    QLabel *m_testSummary;
    QTreeWidget *m_steps;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;
    QLineEdit *m_senderName = nullptr;
    QWidget *m_content = nullptr; ///< Everything above the buttons, in a scroll area.
    QStringList m_testingKey;     ///< connectionKey() of the running or latest test.
    bool m_acceptAfterTest = false; ///< OK started the running test: save if it passes, ask if not.
    bool m_saveAnyway = false;
    QPointer<QMessageBox> m_saveAnywayQuestion;
};

} // namespace ns
