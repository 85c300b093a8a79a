// "Start at login": the XDG autostart entry under a temporary XDG_CONFIG_HOME, written, validated by
// desktop-file-validate, switched off by the desktop (Hidden=true), and removed; and the menu action.
#include "Autostart.h"
#include "AutostartAction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

class TestAutostart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void entryIsUnderXdgConfigHome();
    void enableWritesAValidEntry_data();
    void enableWritesAValidEntry();
    void hiddenMeansDisabled();
    void disableRemovesTheEntry();
    void quoting_data();
    void quoting();
    void actionWritesAndRemoves();
    void legacyEntryStillCounts_data();
    void legacyEntryStillCounts();
    void migrationRenamesTheLegacyEntry();
    void migrationDropsADuplicate();
    void enablingRemovesLegacyEntries();

private:
    static QString readEntry();
    static void validate(const QString &path);

    std::unique_ptr<QTemporaryDir> m_config;
};

void TestAutostart::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config->path()));
}

QString TestAutostart::readEntry()
{
    QFile file(Autostart::entryPath());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestAutostart::validate(const QString &path)
{
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    QVERIFY2(!validator.isEmpty(), "desktop-file-validate is missing: run packaging/install-deps.sh test");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(validator, {path});
    QVERIFY(process.waitForFinished(30'000));
    const QByteArray output = process.readAll();
    QVERIFY2(process.exitCode() == 0 && output.trimmed().isEmpty(), output.constData());
}

void TestAutostart::entryIsUnderXdgConfigHome()
{
    QCOMPARE(Autostart::entryPath(), m_config->filePath(QStringLiteral("autostart/us.cyberimpact.NsInbox.desktop")));
    QVERIFY(!Autostart::isEnabled());
}

void TestAutostart::enableWritesAValidEntry_data()
{
    QTest::addColumn<QString>("executable");
    QTest::addColumn<QString>("exec");
    QTest::newRow("installed") << QStringLiteral("/usr/bin/ns-inbox") << QStringLiteral("Exec=/usr/bin/ns-inbox --minimized");
    QTest::newRow("space") << QStringLiteral("/home/ann/My Apps/ns-inbox")
                           << QStringLiteral("Exec=\"/home/ann/My Apps/ns-inbox\" --minimized");
}

void TestAutostart::enableWritesAValidEntry()
{
    QFETCH(QString, executable);
    QFETCH(QString, exec);
    QString error;
    QVERIFY2(Autostart::setEnabled(true, executable, &error), qPrintable(error));
    QVERIFY(Autostart::isEnabled());
    const QStringList lines = readEntry().split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(exec), qPrintable(lines.join(QLatin1Char('|'))));
    QVERIFY(lines.contains(QStringLiteral("Type=Application")));
    validate(Autostart::entryPath());
}

void TestAutostart::hiddenMeansDisabled()
{
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/ns-inbox")));
    QFile file(Autostart::entryPath());
    QVERIFY(file.open(QIODevice::Append));
    file.write("Hidden=true\n");
    file.close();
    QVERIFY(!Autostart::isEnabled());
}

void TestAutostart::disableRemovesTheEntry()
{
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/ns-inbox")));
    QVERIFY(QFile::exists(Autostart::entryPath()));
    QVERIFY(Autostart::setEnabled(false, {}));
    QVERIFY(!QFile::exists(Autostart::entryPath()));
    QVERIFY(!Autostart::isEnabled());
    QVERIFY(Autostart::setEnabled(false, {})); // Already off: still fine.
}

void TestAutostart::quoting_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << QStringLiteral("/usr/bin/ns-inbox") << QStringLiteral("/usr/bin/ns-inbox");
    QTest::newRow("space") << QStringLiteral("/a b/x") << QStringLiteral("\"/a b/x\"");
    // Inside quotes: \" \` \$ \\ ; then the string escape doubles each backslash.
    QTest::newRow("dollar") << QStringLiteral("/a$b") << QStringLiteral("\"/a\\\\$b\"");
    QTest::newRow("quote") << QStringLiteral("/a\"b") << QStringLiteral("\"/a\\\\\"b\"");
    QTest::newRow("backslash") << QStringLiteral("/a\\b") << QStringLiteral("\"/a\\\\\\\\b\"");
    QTest::newRow("percent") << QStringLiteral("/50%/x") << QStringLiteral("/50%%/x");
}

void TestAutostart::quoting()
{
    QFETCH(QString, argument);
    QFETCH(QString, quoted);
    QCOMPARE(Autostart::quoteExecArgument(argument), quoted);
}

void TestAutostart::actionWritesAndRemoves()
{
    AutostartAction action;
    QVERIFY(action.isCheckable());
    QVERIFY(!action.isChecked());
    action.trigger();
    QVERIFY(action.isChecked());
    QVERIFY(Autostart::isEnabled());
    QVERIFY(readEntry().contains(QCoreApplication::applicationFilePath() + QStringLiteral(" --minimized")));
    action.trigger();
    QVERIFY(!action.isChecked());
    QVERIFY(!QFile::exists(Autostart::entryPath()));
    // The action shows what is on disk when it is created.
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/ns-inbox")));
    QVERIFY(AutostartAction().isChecked());
}

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

} // namespace

// An entry an earlier version wrote (ns-inbox.desktop; org.example.NsInbox.desktop under the
// placeholder app id) keeps the login start on, and its Hidden=true keeps it off.
void TestAutostart::legacyEntryStillCounts_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("ns-inbox.desktop") << QStringLiteral("ns-inbox.desktop");
    QTest::newRow("org.example.NsInbox.desktop") << QStringLiteral("org.example.NsInbox.desktop");
}

void TestAutostart::legacyEntryStillCounts()
{
    QFETCH(QString, name);
    const QString legacy = m_config->filePath(QStringLiteral("autostart/") + name);
    QVERIFY(Autostart::legacyEntryPaths().contains(legacy));
    writeFile(legacy, Autostart::entryContents(QStringLiteral("/usr/bin/ns-inbox")));
    QVERIFY(Autostart::isEnabled());
    QVERIFY(AutostartAction().isChecked());
    writeFile(legacy, Autostart::entryContents(QStringLiteral("/usr/bin/ns-inbox")) + "Hidden=true\n");
    QVERIFY(!Autostart::isEnabled());
}

void TestAutostart::migrationRenamesTheLegacyEntry()
{
    const QString legacy = m_config->filePath(QStringLiteral("autostart/org.example.NsInbox.desktop"));
    // As the user's desktop left it: switched off in its own settings.
    const QByteArray text = Autostart::entryContents(QStringLiteral("/opt/ns/ns-inbox")) + "Hidden=true\n";
    writeFile(legacy, text);
    QString error;
    QVERIFY2(Autostart::migrateLegacyEntry(&error), qPrintable(error));
    QVERIFY(!QFile::exists(legacy));
    QCOMPARE(readEntry().toUtf8(), text);
    QVERIFY(!Autostart::isEnabled());
    QVERIFY(Autostart::migrateLegacyEntry(&error)); // Nothing left to do.
    QCOMPARE(readEntry().toUtf8(), text);
}

void TestAutostart::migrationDropsADuplicate()
{
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/ns-inbox")));
    const QString legacy = m_config->filePath(QStringLiteral("autostart/ns-inbox.desktop"));
    writeFile(legacy, Autostart::entryContents(QStringLiteral("/old/ns-inbox")));
    QVERIFY(Autostart::migrateLegacyEntry());
    QVERIFY(!QFile::exists(legacy));
    QVERIFY(readEntry().contains(QStringLiteral("Exec=/usr/bin/ns-inbox --minimized")));
}

void TestAutostart::enablingRemovesLegacyEntries()
{
    const QStringList legacy = Autostart::legacyEntryPaths();
    for (const QString &path : legacy)
        writeFile(path, Autostart::entryContents(QStringLiteral("/old/ns-inbox")));
    QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/ns-inbox")));
    for (const QString &path : legacy)
        QVERIFY2(!QFile::exists(path), qPrintable(path));
    for (const QString &path : legacy)
        writeFile(path, Autostart::entryContents(QStringLiteral("/old/ns-inbox")));
    QVERIFY(Autostart::setEnabled(false, {}));
    QVERIFY(!Autostart::isEnabled());
    for (const QString &path : legacy)
        QVERIFY2(!QFile::exists(path), qPrintable(path));
}

QTEST_MAIN(TestAutostart)
#include "tst_autostart.moc"
