#include "SettingsDialog.h"

#include "ConnectionProbe.h"
#include "PasswordResolver.h"
#include "SecretStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace ns {

SettingsDialog::SettingsDialog(const ProfileSettings &profile, SecretStore *secrets, QSettings *settings, QWidget *parent)
    : QDialog(parent), m_secrets(secrets), m_settings(settings), m_initial(profile), m_probe(new ConnectionProbe(this)),
      m_bootstrap(new QLineEdit(this)), m_user(new QLineEdit(this)), m_security(new QComboBox(this)),
      m_mechanism(new QComboBox(this)), m_username(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_caFile(new QLineEdit(this)), m_browseCa(new QPushButton(tr("Browse…"), this)),
      m_administrator(new QCheckBox(tr("Administrator mode: compose messages to other users"), this)),
      m_batchSize(new QSpinBox(this)), m_pollTimeout(new QSpinBox(this)), m_keychain(new QLabel(this)),
      m_test(new QPushButton(tr("&Test connection"), this)), m_testSummary(new QLabel(this)),
      m_steps(new QTreeWidget(this)), m_problems(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("NS Inbox Settings"));
    buildForm();

    const ConnectionSettings &c = profile.connection;
    m_bootstrap->setText(c.bootstrapServers);
    m_user->setText(c.userUuid);
    m_security->setCurrentText(c.securityProtocol);
    m_mechanism->setCurrentText(c.saslMechanism);
    m_username->setText(c.saslUsername);
    m_caFile->setText(c.caFile);
    m_administrator->setChecked(profile.administrator);
    m_senderName->setText(profile.senderName);
    m_batchSize->setValue(c.batchSize);
    m_pollTimeout->setValue(c.pollTimeoutMs);
    updateEnabledFields();

    connect(m_security, &QComboBox::currentTextChanged, this, &SettingsDialog::updateEnabledFields);
    connect(m_test, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_probe, &ConnectionProbe::stepFinished, this, &SettingsDialog::showStep);
    connect(m_probe, &ConnectionProbe::finished, this, &SettingsDialog::onTestFinished);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caFile->text(),
                                                          tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    loadStoredPassword();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::buildForm()
{
    m_bootstrap->setPlaceholderText(tr("kafka.example.org:9093"));
    m_bootstrap->setToolTip(tr("The server address you were given: host:port, several separated by commas."));
    m_user->setPlaceholderText(tr("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"));
    m_user->setToolTip(tr("Your user UUID: the name of the Kafka topic your messages arrive on."));
    m_security->addItems(ProfileSettings::securityProtocols());
    m_mechanism->addItems(ProfileSettings::saslMechanisms());
    m_password->setEchoMode(QLineEdit::Password);
    m_caFile->setPlaceholderText(tr("System certificates"));
    m_keychain->setWordWrap(true);
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    // A bold font, not a style sheet: a style sheet takes the widget away from the desktop's style and palette.
    QFont bold = m_problems->font();
    bold.setBold(true);
    m_problems->setFont(bold);
    m_problems->hide();
    m_testSummary->setWordWrap(true);
    m_testSummary->setTextFormat(Qt::PlainText);
    m_steps->setColumnCount(2);
    m_steps->setHeaderHidden(true);
    m_steps->setRootIsDecorated(false);
    m_steps->setWordWrap(true);
    m_steps->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_steps->setAccessibleName(tr("Connection test steps"));
    m_steps->hide();

    auto *server = new QFormLayout;
    server->addRow(tr("&Bootstrap servers:"), m_bootstrap);
    server->addRow(tr("&User UUID:"), m_user);
    server->addRow(tr("&Security protocol:"), m_security);
    server->addRow(tr("SASL &mechanism:"), m_mechanism);
    server->addRow(tr("User &name:"), m_username);
    server->addRow(tr("&Password:"), m_password);
    server->addRow(QString(), m_keychain);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile);
    caRow->addWidget(m_browseCa);
    // A row holding a layout gets no buddy: set it, so the shortcut and screen readers reach the field.
    auto *caLabel = new QLabel(tr("&CA certificate:"), this);
    caLabel->setBuddy(m_caFile);
    server->addRow(caLabel, caRow);
    server->addRow(QString(), m_administrator);
    // The demo lets anyone compose whatever this says (issue 27: "unticked, yet New Message works").
    m_administrator->setToolTip(tr("Message > New Message for this server. The demo offers it to everyone, "
                                   "ticked or not."));
    // Recipients see this as "From"; a raw UUID there told them nothing.
    m_senderName = new QLineEdit(this);
    m_senderName->setMaxLength(255);
    m_senderName->setPlaceholderText(tr("Your user UUID"));
    m_senderName->setToolTip(tr("Shown as the sender (From) of the messages you write. Empty: your user UUID."));
    server->addRow(tr("Sen&der name:"), m_senderName);

    auto *advanced = new QGroupBox(tr("Advanced"), this);
    auto *advancedForm = new QFormLayout(advanced);
    m_batchSize->setRange(1, 100'000);
    m_batchSize->setToolTip(tr("How many messages are saved at once, at most."));
    m_pollTimeout->setRange(10, 10'000);
    m_pollTimeout->setSuffix(tr(" ms"));
    m_pollTimeout->setToolTip(tr("Longest wait for new messages per round; also how soon NS Inbox stops when asked."));
    advancedForm->addRow(tr("Batch si&ze:"), m_batchSize);
    advancedForm->addRow(tr("P&oll timeout:"), m_pollTimeout);
    // Plain words: how it reads (Kafka's assign(), no consumer group) is for the README, not the user.
    auto *assignment = new QLabel(tr("NS Inbox reads your messages on its own: the web service and your other computers are "
                                     "not affected. Where it stopped reading is kept on this computer, with the messages."), advanced);
    assignment->setWordWrap(true);
    advancedForm->addRow(assignment);

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testSummary, 1);

    // Everything but the buttons scrolls: after a test (five steps, long German sentences) the form
    // is taller than a 600-pixel screen allows, and a layout squeezed below its word-wrapped labels'
    // height cut its fields in half ("Zertifikate des Systems", "Durchsuchen…"). In a scroll area each
    // field keeps its height; the dialog grows to fit, as far as the screen goes.
    m_content = new QWidget;
    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->addLayout(server);
    content->addWidget(advanced);
    content->addLayout(testRow);
    content->addWidget(m_steps);
    content->addWidget(m_problems);
    content->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes to the fields; the area follows the focused one.
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_buttons);
    resize(620, 0);
    growToFit();
}

void SettingsDialog::growToFit()
{
    const QMargins margins = layout()->contentsMargins();
    const int wanted = m_content->heightForWidth(width() - margins.left() - margins.right()) + m_buttons->sizeHint().height()
        + layout()->spacing() + margins.top() + margins.bottom();
    int available = wanted;
    if (const QScreen *s = screen())
        available = s->availableGeometry().height() * 9 / 10; // Room for the title bar.
    if (const int height = std::min(wanted, available); height > this->height())
        resize(width(), height);
}

void SettingsDialog::updateEnabledFields()
{
    const QString protocol = m_security->currentText();
    const bool sasl = ProfileSettings::usesSasl(protocol);
    const bool tls = ProfileSettings::usesTls(protocol);
    for (QWidget *w : {static_cast<QWidget *>(m_mechanism), static_cast<QWidget *>(m_username), static_cast<QWidget *>(m_password)})
        w->setEnabled(sasl);
    m_keychain->setVisible(sasl && !m_keychain->text().isEmpty());
    m_caFile->setEnabled(tls);
    m_browseCa->setEnabled(tls);
}

// Fills the password field from the store, without blocking: a keychain may first ask to be unlocked.
void SettingsDialog::loadStoredPassword()
{
    if (!m_secrets || m_initial.connection.saslUsername.isEmpty()) {
        if (!m_secrets)
            m_keychain->setText(PasswordResolver::noKeychainNotice());
        updateEnabledFields();
        return;
    }
    m_password->setPlaceholderText(tr("Reading the system keychain…"));
    m_secrets->read(m_initial.secretKey(), this, [this](const SecretStore::Result &r) {
        m_password->setPlaceholderText(QString());
        switch (r.status) {
        case SecretStore::Status::Ok:
            m_storedPassword = r.secret;
            if (m_password->text().isEmpty())
                m_password->setText(r.secret);
            m_keychain->setText(tr("The password is stored in %1.").arg(m_secrets->description()));
            break;
        case SecretStore::Status::NotFound:
            m_keychain->setText(tr("The password will be stored in %1.").arg(m_secrets->description()));
            break;
        case SecretStore::Status::Denied:
            m_keychain->setText(tr("The system keychain refused access (%1): the password is kept for this session only.").arg(r.error));
            break;
        case SecretStore::Status::Unavailable:
            m_keychain->setText(PasswordResolver::noKeychainNotice());
            break;
        }
        updateEnabledFields();
    });
}

ProfileSettings SettingsDialog::profile() const
{
    ProfileSettings p = m_initial;
    ConnectionSettings &c = p.connection;
    c.bootstrapServers = m_bootstrap->text().trimmed();
    c.userUuid = m_user->text().trimmed();
    c.securityProtocol = m_security->currentText();
    c.saslMechanism = m_mechanism->currentText();
    const bool sasl = ProfileSettings::usesSasl(c.securityProtocol);
    c.saslUsername = sasl ? m_username->text().trimmed() : QString();
    c.saslPassword.clear();
    c.caFile = ProfileSettings::usesTls(c.securityProtocol) ? m_caFile->text().trimmed() : QString();
    c.batchSize = m_batchSize->value();
    c.pollTimeoutMs = m_pollTimeout->value();
    p.administrator = m_administrator->isChecked();
    p.senderName = m_senderName->text().trimmed();
    return p;
}

QString SettingsDialog::sessionPassword() const
{
    return ProfileSettings::usesSasl(m_security->currentText()) ? m_password->text() : QString();
}

ConnectionSettings SettingsDialog::connectionWithPassword() const
{
    ConnectionSettings c = profile().connection;
    c.saslPassword = sessionPassword();
    return c;
}

bool SettingsDialog::showProblems(const QVector<ProfileSettings::Problem> &problems)
{
    QStringList lines;
    for (const auto &p : problems)
        lines.append(p.message);
    m_problems->setText(lines.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    if (problems.isEmpty())
        return false;
    growToFit();
    using Field = ProfileSettings::Problem::Field;
    QWidget *first = nullptr;
    switch (problems.constFirst().field) {
    case Field::Bootstrap: first = m_bootstrap; break;
    case Field::UserUuid: first = m_user; break;
    case Field::SecurityProtocol: first = m_security; break;
    case Field::SaslMechanism: first = m_mechanism; break;
    case Field::SaslUsername: first = m_username; break;
    case Field::CaFile: first = m_caFile; break;
    case Field::BatchSize: first = m_batchSize; break;
    case Field::PollTimeout: first = m_pollTimeout; break;
    }
    first->setFocus(Qt::OtherFocusReason);
    return true;
}

void SettingsDialog::testConnection()
{
    ProfileSettings p = profile();
    QVector<ProfileSettings::Problem> problems = p.validate();
    // Batch size and poll timeout do not matter to a connection test.
    problems.erase(std::remove_if(problems.begin(), problems.end(), [](const auto &problem) {
        return problem.field == ProfileSettings::Problem::Field::BatchSize || problem.field == ProfileSettings::Problem::Field::PollTimeout;
    }), problems.end());
    if (showProblems(problems) || m_probe->isRunning())
        return;
    m_steps->clear();
    m_steps->show();
    m_testSummary->setText(tr("Testing…"));
    m_test->setEnabled(false);
    m_testingKey = connectionKey();
    m_probe->start(connectionWithPassword());
    growToFit();
}

bool SettingsDialog::isTesting() const
{
    return m_probe->isRunning();
}

void SettingsDialog::showStep(const ProbeReport::StepResult &step)
{
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < m_steps->topLevelItemCount() && !item; ++i) {
        if (m_steps->topLevelItem(i)->data(0, Qt::UserRole).toInt() == static_cast<int>(step.step))
            item = m_steps->topLevelItem(i);
    }
    if (!item) {
        item = new QTreeWidgetItem(m_steps);
        item->setData(0, Qt::UserRole, static_cast<int>(step.step));
    }
    QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
    switch (step.outcome) {
    case ProbeReport::Outcome::Passed: icon = QStyle::SP_DialogApplyButton; break;
    case ProbeReport::Outcome::Failed: icon = QStyle::SP_MessageBoxCritical; break;
    case ProbeReport::Outcome::Skipped: icon = QStyle::SP_MediaSkipForward; break;
    case ProbeReport::Outcome::Notice: icon = QStyle::SP_MessageBoxInformation; break;
    }
    item->setIcon(0, style()->standardIcon(icon));
    item->setText(0, ProbeReport::stepName(step.step));
    item->setText(1, step.message);
    item->setToolTip(1, step.message);
}

void SettingsDialog::onTestFinished(const ProbeReport &report)
{
    m_lastReport = report;
    m_test->setEnabled(true);
    m_steps->clear();
    for (const auto &step : report.steps)
        showStep(step);
    m_testSummary->setText(report.summary());
    growToFit();
    Q_EMIT connectionTested(report);
    if (std::exchange(m_acceptAfterTest, false)) {
        if (report.succeeded() || m_testingKey != connectionKey())
            accept(); // Saves, or tests the settings as they are now.
        else
            askSaveAnyway();
    }
}

QStringList SettingsDialog::connectionKey() const
{
    const ConnectionSettings c = connectionWithPassword();
    return {c.bootstrapServers, c.userUuid, c.securityProtocol, c.saslMechanism, c.saslUsername, c.caFile, c.saslPassword};
}

bool SettingsDialog::connectionUnproven() const
{
    const ConnectionSettings now = profile().connection;
    const ConnectionSettings &was = m_initial.connection;
    const bool changed = now.bootstrapServers != was.bootstrapServers || now.userUuid != was.userUuid
        || now.securityProtocol != was.securityProtocol || now.saslMechanism != was.saslMechanism
        || now.saslUsername != was.saslUsername || now.caFile != was.caFile || sessionPassword() != m_storedPassword;
    if (!changed)
        return false; // What the session runs with already: nothing new to prove.
    return !(m_lastReport.succeeded() && m_testingKey == connectionKey());
}

// Not exec(): the dialog stays responsive, and tests answer the question like a user.
void SettingsDialog::askSaveAnyway()
{
    if (m_saveAnywayQuestion)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Save Settings"), tr("NS Inbox could not connect with these settings."),
                                QMessageBox::NoButton, this);
    box->setInformativeText(tr("%1\n\nSave them anyway? No messages arrive until the server can be reached.").arg(m_lastReport.summary()));
    QPushButton *save = box->addButton(tr("&Save Anyway"), QMessageBox::AcceptRole);
    QPushButton *keep = box->addButton(tr("&Keep Editing"), QMessageBox::RejectRole);
    box->setDefaultButton(keep);
    box->setEscapeButton(keep);
    box->setWindowModality(Qt::WindowModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, save](QAbstractButton *clicked) {
        if (clicked != save)
            return;
        m_saveAnyway = true;
        accept();
        m_saveAnyway = false;
    });
    m_saveAnywayQuestion = box;
    box->open();
}

void SettingsDialog::accept()
{
    if (m_saving)
        return;
    const ProfileSettings p = profile();
    if (showProblems(p.validate()))
        return;
    // A new server or account is tried before it is saved: a typo in a port would otherwise show
    // only as a silent inbox after the restart. Failing, the user chooses: save anyway, or fix it.
    if (!m_saveAnyway && connectionUnproven()) {
        if (isTesting()) {
            // When this test ends, OK comes back here: saved if it was of these settings and passed.
            m_acceptAfterTest = true;
            return;
        }
        if (m_lastReport.failure() && m_testingKey == connectionKey()) {
            askSaveAnyway();
            return;
        }
        m_acceptAfterTest = true;
        testConnection();
        return;
    }
    QString error;
    if (m_settings && !p.save(*m_settings, &error)) {
        showProblems({{ProfileSettings::Problem::Field::Bootstrap, error}});
        return;
    }
    const QString password = sessionPassword();
    m_passwordRemembered = false;
    if (!ProfileSettings::usesSasl(p.connection.securityProtocol) || password.isEmpty() || !m_secrets) {
        finishAccept();
        return;
    }
    if (password == m_storedPassword && p.secretKey() == m_initial.secretKey()) {
        m_passwordRemembered = true;
        finishAccept();
        return;
    }
    // Wait for the keychain's answer (it may ask to be unlocked) without blocking the event loop.
    m_saving = true;
    m_buttons->setEnabled(false);
    m_keychain->setText(tr("Storing the password in %1…").arg(m_secrets->description()));
    m_secrets->write(p.secretKey(), password, this, [this](const SecretStore::Result &r) {
        m_saving = false;
        m_buttons->setEnabled(true);
        m_passwordRemembered = r.status == SecretStore::Status::Ok;
        if (!m_passwordRemembered)
            m_keychain->setText(r.status == SecretStore::Status::Unavailable ? PasswordResolver::noKeychainNotice() : r.error);
        finishAccept();
    });
}

void SettingsDialog::finishAccept()
{
    m_probe->cancel();
    QDialog::accept();
}

} // namespace ns
