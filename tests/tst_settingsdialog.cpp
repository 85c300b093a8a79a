// The first-run welcome page, the settings dialog's validation and secrets, and the password prompt,
// offscreen and without a broker.
#include "MemorySecretStore.h"
#include "PasswordPrompt.h"
#include "PasswordResolver.h"
#include "SenderIdentity.h"
#include "SettingsDialog.h"
#include "WelcomePage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QLibraryInfo>
#include <QTranslator>
#include <QTreeWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {
const QString Uuid = QStringLiteral("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90");
}

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void welcomeOffersConnectAndDemo();
    void welcomeShowsAPresetServer();
    void fieldsFollowTheSecurityProtocol();
    void validationKeepsTheDialogOpen_data();
    void validationKeepsTheDialogOpen();
    void okSavesProfileAndPasswordApart();
    void storedPasswordIsFilledIn();
    void withoutKeychainTheDialogSaysSo();
    void testButtonRefusesAnInvalidProfile();
    void passwordPrompt();
    void unreachableServerIsTriedBeforeSaving();
    void unchangedSettingsSaveWithoutATest();
    void senderNameIsWhatMessagesAreFrom();
    void formKeepsItsWidthAfterAFailedTest_data();
    void formKeepsItsWidthAfterAFailedTest();

private:
    SettingsDialog *fillValid(SettingsDialog *dialog);
    /// OK on settings no test reached: waits for the question, then answers "Save Anyway".
    static void saveAnyway(SettingsDialog *dialog);

    QTemporaryDir m_root;
    std::unique_ptr<QSettings> m_settings;
};

void TestSettingsDialog::initTestCase()
{
    QVERIFY(m_root.isValid());
    qputenv("XDG_CONFIG_HOME", m_root.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CONFIG_DIRS", m_root.filePath(QStringLiteral("system")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));
}

void TestSettingsDialog::init()
{
    m_settings = std::make_unique<QSettings>();
    m_settings->clear();
}

void TestSettingsDialog::welcomeOffersConnectAndDemo()
{
    for (const auto choice : {WelcomePage::Choice::Connect, WelcomePage::Choice::Demo}) {
        WelcomePage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.choice(), WelcomePage::Choice::None);
        QVERIFY(!page.presetLabel()->isVisible());
        QTest::mouseClick(choice == WelcomePage::Choice::Connect ? page.connectButton() : page.demoButton(), Qt::LeftButton);
        QCOMPARE(page.result(), int(QDialog::Accepted));
        QCOMPARE(page.choice(), choice);
    }
    WelcomePage closed;
    closed.show();
    closed.reject();
    QCOMPARE(closed.result(), int(QDialog::Rejected));
    QCOMPARE(closed.choice(), WelcomePage::Choice::None);
}

void TestSettingsDialog::welcomeShowsAPresetServer()
{
    WelcomePage page(QStringLiteral("kafka.corp.example:9093"));
    page.show();
    QVERIFY(page.presetLabel()->isVisible());
    QVERIFY(page.presetLabel()->text().contains(QLatin1String("kafka.corp.example:9093")));
}

void TestSettingsDialog::fieldsFollowTheSecurityProtocol()
{
    MemorySecretStore secrets;
    SettingsDialog dialog(ProfileSettings(), &secrets, m_settings.get());
    const auto check = [&](const QString &protocol, bool sasl, bool tls) {
        dialog.securityCombo()->setCurrentText(protocol);
        QCOMPARE(dialog.usernameEdit()->isEnabled(), sasl);
        QCOMPARE(dialog.passwordEdit()->isEnabled(), sasl);
        QCOMPARE(dialog.mechanismCombo()->isEnabled(), sasl);
        QCOMPARE(dialog.caFileEdit()->isEnabled(), tls);
    };
    check(QStringLiteral("PLAINTEXT"), false, false);
    check(QStringLiteral("SSL"), false, true);
    check(QStringLiteral("SASL_PLAINTEXT"), true, false);
    check(QStringLiteral("SASL_SSL"), true, true);
    QCOMPARE(dialog.securityCombo()->count(), 4);
    QCOMPARE(dialog.mechanismCombo()->count(), 3);
    QCOMPARE(dialog.passwordEdit()->echoMode(), QLineEdit::Password);
}

SettingsDialog *TestSettingsDialog::fillValid(SettingsDialog *dialog)
{
    dialog->bootstrapEdit()->setText(QStringLiteral("kafka.example.org:9093"));
    dialog->userEdit()->setText(Uuid);
    dialog->securityCombo()->setCurrentText(QStringLiteral("SASL_SSL"));
    dialog->mechanismCombo()->setCurrentText(QStringLiteral("SCRAM-SHA-256"));
    dialog->usernameEdit()->setText(QStringLiteral("ada"));
    dialog->passwordEdit()->setText(QStringLiteral("correct horse battery staple"));
    dialog->caFileEdit()->setText(QFINDTESTDATA("tst_settingsdialog.cpp"));
    return dialog;
}

void TestSettingsDialog::validationKeepsTheDialogOpen_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad uuid") << "uuid" << "0D3F4C52-7A8E-4F51-9C1E-5B2D6A7E8F90" << "is not a user UUID";
    QTest::newRow("not a uuid at all") << "uuid" << "ada@example.org" << "is not a user UUID";
    QTest::newRow("empty uuid") << "uuid" << "" << "Enter your user UUID";
    QTest::newRow("empty bootstrap") << "bootstrap" << "" << "Enter the bootstrap servers";
    QTest::newRow("bootstrap without port") << "bootstrap" << "kafka.example.org" << "is not host:port";
    QTest::newRow("sasl without user name") << "username" << "" << "SASL_SSL needs a user name";
    QTest::newRow("ca file missing") << "ca" << "/nonexistent/ca.pem" << "does not exist";
}

void TestSettingsDialog::validationKeepsTheDialogOpen()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, message);
    MemorySecretStore secrets;
    SettingsDialog dialog(ProfileSettings(), &secrets, m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValid(&dialog);
    QLineEdit *edit = field == QLatin1String("uuid") ? dialog.userEdit()
        : field == QLatin1String("bootstrap")       ? dialog.bootstrapEdit()
        : field == QLatin1String("username")        ? dialog.usernameEdit()
                                                    : dialog.caFileEdit();
    edit->setText(value);
    QSignalSpy finished(&dialog, &QDialog::finished);
    dialog.accept(); // Refuses at once: validation comes before anything asynchronous.
    QCOMPARE(finished.size(), 0);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.problemsLabel()->isVisible());
    QVERIFY2(dialog.problemsLabel()->text().contains(message), qPrintable(dialog.problemsLabel()->text()));
    QCOMPARE(QApplication::focusWidget(), edit); // The field to fix has the focus.
    QVERIFY(m_settings->allKeys().isEmpty());    // Nothing saved.
    QVERIFY(secrets.contents().isEmpty());

    // Fixed, it goes through (kafka.example.org is not there: saved anyway).
    fillValid(&dialog);
    saveAnyway(&dialog);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

namespace {

QPushButton *buttonLabelled(QWidget *parent, const QString &text)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->text().remove(QLatin1Char('&')) == text)
            return b;
    }
    return nullptr;
}

} // namespace

void TestSettingsDialog::saveAnyway(SettingsDialog *dialog)
{
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->saveAnywayQuestion(), 20'000);
    QPushButton *save = buttonLabelled(dialog->saveAnywayQuestion(), QStringLiteral("Save Anyway"));
    QVERIFY(save);
    save->click();
}

void TestSettingsDialog::okSavesProfileAndPasswordApart()
{
    MemorySecretStore secrets;
    SettingsDialog dialog(ProfileSettings(), &secrets, m_settings.get());
    fillValid(&dialog);
    dialog.administratorCheck()->setChecked(true);
    dialog.batchSizeSpin()->setValue(333);
    dialog.pollTimeoutSpin()->setValue(250);
    QSignalSpy finished(&dialog, &QDialog::finished);
    saveAnyway(&dialog);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.passwordRemembered());

    const ProfileSettings saved = ProfileSettings::load(*m_settings);
    QCOMPARE(saved.connection.bootstrapServers, QStringLiteral("kafka.example.org:9093"));
    QCOMPARE(saved.connection.userUuid, Uuid);
    QCOMPARE(saved.connection.securityProtocol, QStringLiteral("SASL_SSL"));
    QCOMPARE(saved.connection.saslMechanism, QStringLiteral("SCRAM-SHA-256"));
    QCOMPARE(saved.connection.saslUsername, QStringLiteral("ada"));
    QCOMPARE(saved.connection.batchSize, 333);
    QCOMPARE(saved.connection.pollTimeoutMs, 250);
    QVERIFY(saved.administrator);
    QCOMPARE(m_settings->value(QStringLiteral("profile/administrator")).toBool(), true);
    QCOMPARE(secrets.contents().value(saved.secretKey()), QStringLiteral("correct horse battery staple"));
    QFile file(m_settings->fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("battery staple"));
}

void TestSettingsDialog::storedPasswordIsFilledIn()
{
    MemorySecretStore secrets;
    ProfileSettings profile;
    profile.connection.bootstrapServers = QStringLiteral("k:9092");
    profile.connection.securityProtocol = QStringLiteral("SASL_PLAINTEXT");
    profile.connection.saslUsername = QStringLiteral("ada");
    bool stored = false;
    secrets.write(profile.secretKey(), QStringLiteral("from-the-keychain"), this, [&](const SecretStore::Result &) { stored = true; });
    QTRY_VERIFY(stored);
    SettingsDialog dialog(profile, &secrets, m_settings.get());
    QTRY_COMPARE(dialog.passwordEdit()->text(), QStringLiteral("from-the-keychain"));
    QVERIFY(dialog.keychainLabel()->text().contains(QLatin1String("stored in memory")));
}

void TestSettingsDialog::withoutKeychainTheDialogSaysSo()
{
    MemorySecretStore secrets;
    secrets.setAvailable(false);
    ProfileSettings profile;
    profile.connection.saslUsername = QStringLiteral("ada");
    SettingsDialog dialog(profile, &secrets, m_settings.get());
    dialog.show();
    fillValid(&dialog);
    QTRY_COMPARE(dialog.keychainLabel()->text(), PasswordResolver::noKeychainNotice());
    QVERIFY(dialog.keychainLabel()->isVisible());
    QSignalSpy finished(&dialog, &QDialog::finished);
    saveAnyway(&dialog);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.passwordRemembered());
    QCOMPARE(dialog.sessionPassword(), QStringLiteral("correct horse battery staple")); // For this session only.
}

void TestSettingsDialog::testButtonRefusesAnInvalidProfile()
{
    SettingsDialog dialog(ProfileSettings(), nullptr, m_settings.get());
    dialog.show();
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(!dialog.isTesting());
    QVERIFY(dialog.problemsLabel()->text().contains(QLatin1String("Enter the bootstrap servers")));
    QVERIFY(dialog.testButton()->isEnabled());
}

void TestSettingsDialog::passwordPrompt()
{
    PasswordPrompt withKeychain(QStringLiteral("ada"), true, QStringLiteral("No password is stored yet."));
    QVERIFY(withKeychain.rememberCheck()->isEnabled());
    QVERIFY(withKeychain.remember());
    auto *ok = withKeychain.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(withKeychain.passwordEdit(), QStringLiteral("pw"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(withKeychain.password(), QStringLiteral("pw"));

    PasswordPrompt without(QStringLiteral("ada"), false, PasswordResolver::noKeychainNotice());
    QVERIFY(!without.rememberCheck()->isEnabled());
    QVERIFY(!without.remember());
    QCOMPARE(without.reasonLabel()->text(), PasswordResolver::noKeychainNotice());
}

// Issue 27: OK on a server nobody listens on does not save in silence: the connection is tried
// first, and the user chooses between fixing it and saving anyway; nothing is saved before that.
void TestSettingsDialog::unreachableServerIsTriedBeforeSaving()
{
    SettingsDialog dialog(ProfileSettings(), nullptr, m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.bootstrapEdit()->setText(QStringLiteral("127.0.0.1:1"));
    dialog.userEdit()->setText(Uuid);
    dialog.securityCombo()->setCurrentText(QStringLiteral("PLAINTEXT"));
    QSignalSpy finished(&dialog, &QDialog::finished);
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    dialog.accept();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.saveAnywayQuestion(), 20'000);
    QCOMPARE(tested.size(), 1);
    QVERIFY(!dialog.lastProbeReport().succeeded());
    QVERIFY2(dialog.saveAnywayQuestion()->informativeText().contains(dialog.lastProbeReport().summary()),
             qPrintable(dialog.saveAnywayQuestion()->informativeText()));
    QVERIFY(m_settings->allKeys().isEmpty()); // Nothing saved while asking.

    // Keep Editing: still open, nothing saved.
    QPointer<QMessageBox> question = dialog.saveAnywayQuestion();
    QCOMPARE(question->defaultButton(), buttonLabelled(question, QStringLiteral("Keep Editing")));
    buttonLabelled(question, QStringLiteral("Keep Editing"))->click();
    QTRY_VERIFY(!question);
    QVERIFY(dialog.isVisible());
    QCOMPARE(finished.size(), 0);
    QVERIFY(m_settings->allKeys().isEmpty());

    // OK again on the same settings asks at once (no second test); Save Anyway saves them.
    dialog.accept();
    QVERIFY(dialog.saveAnywayQuestion());
    QCOMPARE(tested.size(), 1);
    buttonLabelled(dialog.saveAnywayQuestion(), QStringLiteral("Save Anyway"))->click();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(ProfileSettings::load(*m_settings).connection.bootstrapServers, QStringLiteral("127.0.0.1:1"));
}

// Settings the session already runs with are saved as they are (a changed batch size needs no test).
void TestSettingsDialog::unchangedSettingsSaveWithoutATest()
{
    ProfileSettings profile;
    profile.connection.bootstrapServers = QStringLiteral("127.0.0.1:1");
    profile.connection.userUuid = Uuid;
    profile.connection.securityProtocol = QStringLiteral("PLAINTEXT");
    SettingsDialog dialog(profile, nullptr, m_settings.get());
    dialog.batchSizeSpin()->setValue(77);
    QSignalSpy finished(&dialog, &QDialog::finished);
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    dialog.accept();
    QCOMPARE(finished.size(), 1);
    QVERIFY(!dialog.saveAnywayQuestion());
    QCOMPARE(tested.size(), 0);
    QCOMPARE(ProfileSettings::load(*m_settings).connection.batchSize, 77);
}

// Issue 27: Settings has a sender name; saved, it is what composed messages say they are from
// (created_by) instead of the raw user UUID; emptied, the UUID again.
void TestSettingsDialog::senderNameIsWhatMessagesAreFrom()
{
    ProfileSettings profile;
    profile.connection.bootstrapServers = QStringLiteral("127.0.0.1:1");
    profile.connection.userUuid = Uuid;
    profile.connection.securityProtocol = QStringLiteral("PLAINTEXT");
    QCOMPARE(SenderIdentity::createdBy(Uuid), Uuid);
    {
        SettingsDialog dialog(profile, nullptr, m_settings.get());
        QVERIFY(dialog.senderNameEdit()->text().isEmpty());
        dialog.senderNameEdit()->setText(QStringLiteral("  IT Service Desk "));
        QSignalSpy finished(&dialog, &QDialog::finished);
        dialog.accept(); // Same connection: saved at once.
        QCOMPARE(finished.size(), 1);
    }
    QCOMPARE(ProfileSettings::load(*m_settings).senderName, QStringLiteral("IT Service Desk"));
    QCOMPARE(SenderIdentity::createdBy(Uuid), QStringLiteral("IT Service Desk"));
    {
        SettingsDialog dialog(ProfileSettings::load(*m_settings), nullptr, m_settings.get());
        QCOMPARE(dialog.senderNameEdit()->text(), QStringLiteral("IT Service Desk")); // Shown again.
        dialog.senderNameEdit()->clear();
        dialog.accept();
    }
    QCOMPARE(SenderIdentity::createdBy(Uuid), Uuid);
}

namespace {

// Every widget of a form row: the label, and the field or each widget of a field's layout.
QList<QWidget *> rowWidgets(QLayoutItem *item)
{
    if (!item)
        return {};
    if (item->widget())
        return {item->widget()};
    QList<QWidget *> widgets;
    if (QLayout *layout = item->layout()) {
        for (int i = 0; i < layout->count(); ++i)
            widgets.append(rowWidgets(layout->itemAt(i)));
    }
    return widgets;
}

// The width a widget needs to show what it says: its size hint, and for a line edit its placeholder too.
int neededWidth(QWidget *w)
{
    int needed = w->sizeHint().width();
    if (auto *edit = qobject_cast<QLineEdit *>(w); edit && !edit->placeholderText().isEmpty() && edit->text().isEmpty())
        needed = std::max(needed, edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + 2 * edit->fontMetrics().averageCharWidth());
    return needed;
}

} // namespace

void TestSettingsDialog::formKeepsItsWidthAfterAFailedTest_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QString();
    QTest::newRow("de") << QStringLiteral("de");
}

// Issue 27: after a failed connection test (long German step texts) the form's labels and fields
// still get the width they need at the dialog's default size ("Zertifikate des Systems",
// "Durchsuchen…" were cut off).
void TestSettingsDialog::formKeepsItsWidthAfterAFailedTest()
{
    QFETCH(QString, language);
    std::vector<std::unique_ptr<QTranslator>> translators;
    for (const QString &file : {QStringLiteral(":/i18n/ns-inbox_%1.qm").arg(language),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_%1.qm").arg(language)}) {
        if (language.isEmpty())
            break;
        auto translator = std::make_unique<QTranslator>();
        if (translator->load(file) && QCoreApplication::installTranslator(translator.get()))
            translators.push_back(std::move(translator));
    }
    const auto removeTranslators = qScopeGuard([&translators] {
        for (const auto &t : translators)
            QCoreApplication::removeTranslator(t.get());
    });
    QVERIFY(language.isEmpty() || !translators.empty());

    ProfileSettings profile;
    profile.connection.bootstrapServers = QStringLiteral("127.0.0.1:1"); // Nothing listens on port 1.
    profile.connection.userUuid = Uuid;
    profile.connection.securityProtocol = QStringLiteral("SSL");
    SettingsDialog dialog(profile, nullptr, m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QSize defaultSize = dialog.size();
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    dialog.testConnection();
    QVERIFY(tested.wait(20'000));
    QVERIFY(dialog.testSteps()->isVisible());
    QApplication::processEvents();
    QCOMPARE(dialog.size().width(), defaultSize.width());

    // As shown, then as tall as an 800×600 screen allows (the window manager's limit, done by hand).
    for (const int height : {dialog.height(), 560}) {
        dialog.resize(dialog.width(), height);
        QApplication::processEvents();
        QStringList squashed;
        int checked = 0;
        for (QFormLayout *form : dialog.findChildren<QFormLayout *>()) {
            for (int row = 0; row < form->rowCount(); ++row) {
                for (auto role : {QFormLayout::LabelRole, QFormLayout::FieldRole}) {
                    for (QWidget *w : rowWidgets(form->itemAt(row, role))) {
                        if (!w->isVisible() || (qobject_cast<QLabel *>(w) && static_cast<QLabel *>(w)->wordWrap()))
                            continue;
                        ++checked;
                        if (w->width() < neededWidth(w) || w->height() < w->sizeHint().height())
                            squashed.append(QStringLiteral("%1 \"%2\": %3x%4 < %5x%6")
                                                .arg(QString::fromLatin1(w->metaObject()->className()), w->property("text").toString())
                                                .arg(w->width()).arg(w->height()).arg(neededWidth(w)).arg(w->sizeHint().height()));
                    }
                }
            }
        }
        QVERIFY2(checked > 10, "the walk found too few widgets");
        QVERIFY2(squashed.isEmpty(), qPrintable(QStringLiteral("at %1 px: ").arg(height) + squashed.join(QLatin1Char('\n'))));
    }
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
