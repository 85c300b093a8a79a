// The command line (app/CommandLine): each subcommand's options, the saved settings it merges with,
// a clear error and exit status 2 for bad input, and usage that names the subcommand.
#include "CommandLine.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QString Uuid = u"6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21"_s;
const QString OtherUuid = u"0b6a8a8e-2f7e-4d5c-9a1b-3c4d5e6f7a8b"_s;

/// Standard output and standard error of this process, captured into files while it lives: the
/// parser prints usage and errors itself, through the C streams.
class CapturedOutput
{
public:
    CapturedOutput() : m_out(capture(stdout, &m_outFile)), m_err(capture(stderr, &m_errFile)) {}
    ~CapturedOutput() { finish(); }

    /// Restores the streams and returns what was written to standard output.
    QString out()
    {
        finish();
        return m_outText;
    }
    QString err()
    {
        finish();
        return m_errText;
    }

private:
    static int capture(FILE *stream, QTemporaryFile *file)
    {
        std::fflush(stream);
        if (!file->open())
            return -1;
        const int saved = ::dup(::fileno(stream));
        ::dup2(file->handle(), ::fileno(stream));
        return saved;
    }
    static QString restore(FILE *stream, int saved, QTemporaryFile *file)
    {
        std::fflush(stream);
        if (saved >= 0) {
            ::dup2(saved, ::fileno(stream));
            ::close(saved);
        }
        file->seek(0);
        return QString::fromUtf8(file->readAll());
    }
    void finish()
    {
        if (m_done)
            return;
        m_done = true;
        m_outText = restore(stdout, m_out, &m_outFile);
        m_errText = restore(stderr, m_err, &m_errFile);
    }

    QTemporaryFile m_outFile;
    QTemporaryFile m_errFile;
    int m_out;
    int m_err;
    bool m_done = false;
    QString m_outText;
    QString m_errText;
};

QStringList withProgram(const QStringList &arguments)
{
    return QStringList{u"/usr/bin/ns-inbox"_s} + arguments;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void unconfiguredWindowNeedsSetup();
    void unconfiguredWindowWithDemoIfUnconfigured();
    void demoNeedsNothingElse();
    void windowOptions();
    void savedSettingsAndTheCommandLineWins();
    void settingsShowTheCommandLinesConnection();
    void ingestOptions();
    void sendOptions();
    void exportOptions();
    void exportUsesTheSavedUser();
    void searchOptions();
    void badInputIsAnErrorWithExitStatusTwo_data();
    void badInputIsAnErrorWithExitStatusTwo();
    void usageNamesTheSubcommand_data();
    void usageNamesTheSubcommand();
    void exportHelpSaysWhatIsRequired();
    void versionPrintsTheVersion();

private:
    LaunchRequest parse(const QStringList &arguments, QString *out = nullptr, QString *err = nullptr);

    QTemporaryDir m_dir;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Saved settings come from QSettings(): a user file and a system-wide one, both here.
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_commandline"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"user"_s));
    QSettings::setPath(QSettings::IniFormat, QSettings::SystemScope, m_dir.filePath(u"system"_s));
}

void TestCommandLine::init()
{
    QSettings().clear();
    qunsetenv("NS_INBOX_SASL_PASSWORD");
}

LaunchRequest TestCommandLine::parse(const QStringList &arguments, QString *out, QString *err)
{
    CapturedOutput captured;
    const LaunchRequest request = parseCommandLine(withProgram(arguments));
    if (out)
        *out = captured.out();
    if (err)
        *err = captured.err();
    return request;
}

void TestCommandLine::unconfiguredWindowNeedsSetup()
{
    const LaunchRequest r = parse({});
    QCOMPARE(r.mode, LaunchRequest::Mode::Window);
    QVERIFY(r.needsSetup);
    QVERIFY(!r.demo);
    QVERIFY(!r.minimized);
    QVERIFY(r.databasePath.isEmpty());
}

void TestCommandLine::unconfiguredWindowWithDemoIfUnconfigured()
{
    const LaunchRequest r = parse({u"--demo-if-unconfigured"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Window);
    QVERIFY(r.needsSetup);
    QVERIFY(r.demo);

    // Configured, the flag changes nothing.
    const LaunchRequest configured = parse({u"--demo-if-unconfigured"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid});
    QCOMPARE(configured.mode, LaunchRequest::Mode::Window);
    QVERIFY(!configured.needsSetup);
    QVERIFY(!configured.demo);
}

void TestCommandLine::demoNeedsNothingElse()
{
    for (const QString &command : {QString(), u"ingest"_s}) {
        const QStringList arguments = command.isEmpty() ? QStringList{u"--demo"_s} : QStringList{command, u"--demo"_s};
        const LaunchRequest r = parse(arguments);
        QCOMPARE(r.mode, command.isEmpty() ? LaunchRequest::Mode::Window : LaunchRequest::Mode::Ingest);
        QVERIFY(r.demo);
        QVERIFY(!r.needsSetup);
    }
}

void TestCommandLine::windowOptions()
{
    const QString caFile = m_dir.filePath(u"ca.pem"_s);
    QFile ca(caFile);
    QVERIFY(ca.open(QIODevice::WriteOnly)); // Validation wants the file to exist.
    ca.close();
    QString err;
    const LaunchRequest r = parse({u"--bootstrap"_s, u"a:9092,b:9093"_s, u"--user"_s, Uuid, u"--database"_s, u"/tmp/inbox.sqlite"_s,
                                   u"--batch-size"_s, u"250"_s, u"--minimized"_s, u"--security-protocol"_s, u"sasl_ssl"_s,
                                   u"--sasl-mechanism"_s, u"scram-sha-512"_s, u"--sasl-username"_s, u"alice"_s,
                                   u"--ca-file"_s, caFile},
                                  nullptr, &err);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QCOMPARE(r.mode, LaunchRequest::Mode::Window);
    QVERIFY(!r.needsSetup);
    QVERIFY(!r.demo);
    QVERIFY(r.minimized);
    QCOMPARE(r.settings.bootstrapServers, u"a:9092,b:9093"_s);
    QCOMPARE(r.settings.userUuid, Uuid);
    QCOMPARE(r.databasePath, u"/tmp/inbox.sqlite"_s);
    QCOMPARE(r.settings.batchSize, 250);
    QCOMPARE(r.settings.securityProtocol, u"SASL_SSL"_s); // Upper-cased.
    QCOMPARE(r.settings.saslMechanism, u"SCRAM-SHA-512"_s);
    QCOMPARE(r.settings.saslUsername, u"alice"_s);
    QCOMPARE(r.settings.caFile, caFile);
    QVERIFY(r.settings.saslPassword.isEmpty()); // The app resolves it (keychain, prompt).

    qputenv("NS_INBOX_SASL_PASSWORD", "s3cret");
    QCOMPARE(parse({u"--bootstrap"_s, u"a:9092"_s, u"--user"_s, Uuid}).settings.saslPassword, u"s3cret"_s);
}

// Issue 27: started with --bootstrap and --user, File > Settings shows them, not empty fields;
// the rest of the saved profile stays; the demo shows the saved profile, not its own broker.
void TestCommandLine::settingsShowTheCommandLinesConnection()
{
    {
        QSettings saved;
        saved.setValue(u"profile/administrator"_s, true);
    }
    const ProfileSettings saved = ProfileSettings::load(QSettings());
    QVERIFY(saved.connection.bootstrapServers.isEmpty());
    const LaunchRequest r = parse({u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid});
    QCOMPARE(r.mode, LaunchRequest::Mode::Window);
    const ProfileSettings shown = settingsForDialog(r, saved);
    QCOMPARE(shown.connection.bootstrapServers, u"kafka:9092"_s);
    QCOMPARE(shown.connection.userUuid, Uuid);
    QVERIFY(shown.administrator);
    QVERIFY(shown.connection.saslPassword.isEmpty());

    const LaunchRequest demo = parse({u"--demo"_s});
    QVERIFY(demo.demo);
    QVERIFY(settingsForDialog(demo, saved).connection.bootstrapServers.isEmpty());
}

void TestCommandLine::savedSettingsAndTheCommandLineWins()
{
    {
        QSettings saved;
        saved.setValue(u"connection/bootstrap"_s, u"saved:9092"_s);
        saved.setValue(u"connection/user"_s, Uuid);
    }
    const LaunchRequest fromSaved = parse({});
    QCOMPARE(fromSaved.mode, LaunchRequest::Mode::Window);
    QVERIFY(!fromSaved.needsSetup);
    QCOMPARE(fromSaved.settings.bootstrapServers, u"saved:9092"_s);
    QCOMPARE(fromSaved.settings.userUuid, Uuid);

    const LaunchRequest overridden = parse({u"--user"_s, OtherUuid});
    QCOMPARE(overridden.settings.bootstrapServers, u"saved:9092"_s);
    QCOMPARE(overridden.settings.userUuid, OtherUuid);
}

void TestCommandLine::ingestOptions()
{
    LaunchRequest r = parse({u"ingest"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid, u"--exit-when-caught-up"_s,
                             u"--timeout"_s, u"45"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Ingest);
    QVERIFY(r.exitWhenCaughtUp);
    QCOMPARE(r.timeoutSeconds, 45);
    QVERIFY(!r.minimized);
    QVERIFY(!r.needsSetup); // A headless command fails instead of asking.

    r = parse({u"ingest"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid});
    QVERIFY(!r.exitWhenCaughtUp);
    QCOMPARE(r.timeoutSeconds, 0); // No limit.
}

void TestCommandLine::sendOptions()
{
    LaunchRequest r = parse({u"send"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid, u"--to"_s, Uuid + u',' + OtherUuid,
                             u"--to"_s, u"not-a-uuid"_s, u"--subject"_s, u"Hello"_s, u"--body"_s, u"Text"_s, u"--url"_s,
                             u"https://example.org/x"_s, u"--inactive"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Send);
    QCOMPARE(r.draft.recipients, Uuid + u',' + OtherUuid + u",not-a-uuid"_s); // Validated when sending.
    QCOMPARE(r.draft.subject, u"Hello"_s);
    QCOMPARE(r.draft.body, u"Text"_s);
    QCOMPARE(r.draft.referenceUrl, u"https://example.org/x"_s);
    QVERIFY(!r.draft.isActive);
    QCOMPARE(r.timeoutSeconds, 30); // The default.

    r = parse({u"send"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid, u"--to"_s, Uuid, u"--timeout"_s, u"5"_s});
    QVERIFY(r.draft.isActive);
    QCOMPARE(r.timeoutSeconds, 5);
}

void TestCommandLine::exportOptions()
{
    LaunchRequest r = parse({u"export"_s, u"--database"_s, u"/tmp/inbox.sqlite"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Export);
    QCOMPARE(r.exportFormat, MessageExporter::Format::Csv);
    QCOMPARE(r.exportOutput, u"-"_s);
    QCOMPARE(r.exportView.filter, InboxFilter::All);
    QCOMPARE(r.exportView.sort.order, Qt::DescendingOrder);
    QCOMPARE(r.databasePath, u"/tmp/inbox.sqlite"_s);

    r = parse({u"export"_s, u"--demo"_s, u"--output"_s, u"out.json"_s, u"--format"_s, u"json"_s, u"--filter"_s, u"unread"_s,
               u"--search"_s, u"invoice"_s, u"--sort"_s, u"subject"_s, u"--ascending"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Export);
    QVERIFY(r.demo);
    QCOMPARE(r.exportFormat, MessageExporter::Format::Json);
    QCOMPARE(r.exportOutput, u"out.json"_s);
    QCOMPARE(r.exportView.filter, InboxFilter::Unread);
    QCOMPARE(r.exportView.searchText, u"invoice"_s);
    QCOMPARE(r.exportView.sort.key, InboxSortKey::Subject);
    QCOMPARE(r.exportView.sort.order, Qt::AscendingOrder);

    r = parse({u"export"_s, u"--user"_s, Uuid, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Export);
    QCOMPARE(r.settings.userUuid, Uuid);
}

void TestCommandLine::exportUsesTheSavedUser()
{
    QSettings().setValue(u"connection/user"_s, Uuid);
    const LaunchRequest r = parse({u"export"_s, u"--output"_s, u"-"_s, u"--format"_s, u"json"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Export);
    QCOMPARE(r.settings.userUuid, Uuid);
}

void TestCommandLine::searchOptions()
{
    LaunchRequest r = parse({u"search"_s, u"--database"_s, u"/tmp/inbox.sqlite"_s, u"is:unread from:\"Billing System\""_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Search);
    QCOMPARE(r.query, u"is:unread from:\"Billing System\""_s);
    QVERIFY(!r.searchJson);
    QCOMPARE(r.databasePath, u"/tmp/inbox.sqlite"_s);

    // Several arguments are one query, as the shell split it.
    r = parse({u"search"_s, u"--json"_s, u"--user"_s, Uuid, u"is:unread"_s, u"invoice"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Search);
    QCOMPARE(r.query, u"is:unread invoice"_s);
    QVERIFY(r.searchJson);
    QCOMPARE(r.settings.userUuid, Uuid);

    // A negated term first is a word of the query, not an option; so is everything after --.
    r = parse({u"search"_s, u"--demo"_s, u"-from:system"_s, u"invoice"_s, u"--json"_s, u"--"_s, u"--x"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Search);
    QCOMPARE(r.query, u"-from:system invoice --x"_s);
    QVERIFY(r.searchJson);

    QSettings().setValue(u"connection/user"_s, OtherUuid);
    r = parse({u"search"_s, u"after:7d"_s});
    QCOMPARE(r.settings.userUuid, OtherUuid);
    r = parse({u"search"_s, u"--demo"_s, u"x"_s});
    QVERIFY(r.demo);

    r = parse({u"export"_s, u"--database"_s, u"/tmp/inbox.sqlite"_s, u"--output"_s, u"-"_s, u"--format"_s, u"json"_s,
               u"--query"_s, u"is:unread after:7d"_s, u"--filter"_s, u"inbox"_s});
    QCOMPARE(r.mode, LaunchRequest::Mode::Export);
    QCOMPARE(r.query, u"is:unread after:7d"_s);
    QCOMPARE(r.exportView.filter, InboxFilter::Inbox);
}

void TestCommandLine::badInputIsAnErrorWithExitStatusTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList server{u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid};
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"Unknown option 'frobnicate'"_s;
    QTest::newRow("stray argument") << (server + QStringList{u"extra"_s}) << u"unexpected argument \"extra\""_s;
    QTest::newRow("batch size zero") << (server + QStringList{u"--batch-size"_s, u"0"_s}) << u"--batch-size takes a number from 1 to 100000"_s;
    QTest::newRow("batch size too big") << (server + QStringList{u"--batch-size"_s, u"100001"_s}) << u"--batch-size takes a number from 1 to 100000"_s;
    QTest::newRow("batch size not a number") << (server + QStringList{u"--batch-size"_s, u"many"_s}) << u"--batch-size takes a number from 1 to 100000"_s;
    QTest::newRow("security protocol") << (server + QStringList{u"--security-protocol"_s, u"tls"_s}) << u"unknown security protocol \"TLS\""_s;
    QTest::newRow("user not a uuid") << QStringList{u"ingest"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, u"alice"_s}
                                     << u"\"alice\" is not a user UUID"_s;
    QTest::newRow("upper-case uuid") << QStringList{u"ingest"_s, u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, Uuid.toUpper()}
                                     << u"is not a user UUID"_s;
    QTest::newRow("window with a user not a uuid") << QStringList{u"--bootstrap"_s, u"kafka:9092"_s, u"--user"_s, u"alice"_s}
                                                  << u"\"alice\" is not a user UUID"_s;
    QTest::newRow("window with a server and no user") << QStringList{u"--bootstrap"_s, u"kafka:9092"_s} << u"no user: pass --user UUID"_s;
    QTest::newRow("export without a format") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s}
                                             << u"--format is required (csv or json)"_s;
    QTest::newRow("ingest without a server") << QStringList{u"ingest"_s, u"--user"_s, Uuid} << u"no bootstrap servers"_s;
    QTest::newRow("ingest with a window option") << (QStringList{u"ingest"_s} + server + QStringList{u"--minimized"_s})
                                                 << u"Unknown option 'minimized'"_s;
    QTest::newRow("ingest timeout zero") << (QStringList{u"ingest"_s} + server + QStringList{u"--timeout"_s, u"0"_s})
                                         << u"--timeout takes a whole number of seconds"_s;
    QTest::newRow("window with an ingest option") << (server + QStringList{u"--exit-when-caught-up"_s})
                                                  << u"Unknown option 'exit-when-caught-up'"_s;
    QTest::newRow("send to the demo") << QStringList{u"send"_s, u"--demo"_s, u"--to"_s, Uuid} << u"send needs a real broker"_s;
    QTest::newRow("send timeout") << (QStringList{u"send"_s} + server + QStringList{u"--timeout"_s, u"soon"_s})
                                  << u"--timeout takes a whole number of seconds"_s;
    QTest::newRow("export without output") << QStringList{u"export"_s, u"--demo"_s, u"--format"_s, u"csv"_s} << u"--output is required"_s;
    QTest::newRow("export format") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"--format"_s, u"xml"_s}
                                   << u"--format takes csv or json"_s;
    QTest::newRow("export filter") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s, u"--filter"_s, u"spam"_s}
                                   << u"unknown filter \"spam\""_s;
    QTest::newRow("export sort") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s, u"--sort"_s, u"size"_s}
                                 << u"unknown sort key \"size\""_s;
    QTest::newRow("export of no inbox") << QStringList{u"export"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s}
                                        << u"say which inbox: --database FILE, --user UUID or --demo"_s;
    QTest::newRow("search without a query") << QStringList{u"search"_s, u"--demo"_s}
                                            << u"search needs a query, as in: ns-inbox search 'is:unread after:7d'"_s;
    QTest::newRow("search, an unknown operator") << QStringList{u"search"_s, u"--demo"_s, u"form:billing"_s}
                                                 << u"the query does not parse: unknown operator 'form:' — did you mean 'from:'?\n  form:billing\n  ^^^^^"_s;
    QTest::newRow("search, a malformed date") << QStringList{u"search"_s, u"--demo"_s, u"is:unread after:30.11.2026"_s}
                                              << u"malformed date for after:"_s;
    QTest::newRow("search, an unknown option") << QStringList{u"search"_s, u"--demo"_s, u"--limit"_s, u"3"_s, u"x"_s}
                                               << u"Unknown option 'limit'"_s;
    QTest::newRow("search of no inbox") << QStringList{u"search"_s, u"invoice"_s}
                                        << u"say which inbox: --database FILE, --user UUID or --demo"_s;
    QTest::newRow("export, a query that does not parse") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s, u"--query"_s, u"a OR"_s}
                                                         << u"OR needs a search term on each side"_s;
    QTest::newRow("export, query and search") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s, u"--query"_s, u"a"_s, u"--search"_s, u"b"_s}
                                              << u"--query and --search do not go together"_s;
    QTest::newRow("export, query and sort") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"--format"_s, u"csv"_s, u"--query"_s, u"a"_s, u"--sort"_s, u"subject"_s}
                                            << u"--sort and --ascending do not apply"_s;
    QTest::newRow("export stray argument") << QStringList{u"export"_s, u"--demo"_s, u"--output"_s, u"-"_s, u"more"_s}
                                           << u"unexpected argument \"more\""_s;
}

void TestCommandLine::badInputIsAnErrorWithExitStatusTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QString out;
    QString err;
    const LaunchRequest r = parse(arguments, &out, &err);
    QCOMPARE(r.mode, LaunchRequest::Mode::Exit);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(err.startsWith(u"ns-inbox: "_s), qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(out.isEmpty(), qPrintable(out));
}

void TestCommandLine::usageNamesTheSubcommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("options"); // Some options only this subcommand has.
    QTest::newRow("window") << QString() << QStringList{u"--demo-if-unconfigured"_s, u"--minimized"_s, u"--bootstrap"_s};
    QTest::newRow("ingest") << u"ingest"_s << QStringList{u"--exit-when-caught-up"_s, u"--timeout"_s, u"--bootstrap"_s};
    QTest::newRow("send") << u"send"_s << QStringList{u"--to"_s, u"--subject"_s, u"--inactive"_s};
    QTest::newRow("export") << u"export"_s << QStringList{u"--format"_s, u"--output"_s, u"--filter"_s, u"--query"_s};
    QTest::newRow("search") << u"search"_s << QStringList{u"--json"_s, u"--database"_s, u"--user"_s, u"is:unread"_s};
}

void TestCommandLine::usageNamesTheSubcommand()
{
    QFETCH(QString, command);
    QFETCH(QStringList, options);
    for (const QString &help : {u"--help"_s, u"-h"_s}) {
        QString out;
        QString err;
        const LaunchRequest r = parse(command.isEmpty() ? QStringList{help} : QStringList{command, help}, &out, &err);
        QCOMPARE(r.mode, LaunchRequest::Mode::Exit);
        QCOMPARE(r.exitCode, 0);
        const QString usage = command.isEmpty() ? u"Usage: ns-inbox [options]\n"_s : u"Usage: ns-inbox %1 [options]\n"_s.arg(command);
        QVERIFY2(out.startsWith(usage), qPrintable(out));
        for (const QString &option : std::as_const(options))
            QVERIFY2(out.contains(option), qPrintable(option + u" missing from:\n"_s + out));
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }
}

// `export` fails without --format or --output; its help must say so on those options' lines.
void TestCommandLine::exportHelpSaysWhatIsRequired()
{
    QString out;
    const LaunchRequest r = parse({u"export"_s, u"--help"_s}, &out);
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = out.split(u'\n');
    for (const QString &option : {u"--format <format>"_s, u"--output <file>"_s}) {
        const auto line = std::find_if(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.trimmed().startsWith(option); });
        QVERIFY2(line != lines.cend(), qPrintable(option + u" missing from:\n"_s + out));
        QVERIFY2(line->contains(u"Required"_s), qPrintable(*line));
    }
    // An optional one is not marked.
    const auto filter = std::find_if(lines.cbegin(), lines.cend(), [](const QString &l) { return l.trimmed().startsWith(u"--filter"_s); });
    QVERIFY(filter != lines.cend());
    QVERIFY2(!filter->contains(u"Required"_s), qPrintable(*filter));
}

void TestCommandLine::versionPrintsTheVersion()
{
    QString out;
    const LaunchRequest r = parse({u"--version"_s}, &out);
    QCOMPARE(r.mode, LaunchRequest::Mode::Exit);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(out, u"ns-inbox %1\n"_s.arg(QStringLiteral(NS_INBOX_VERSION)));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
