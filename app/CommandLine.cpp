#include "CommandLine.h"

#include "PasswordResolver.h"
#include "ProfileSettings.h"
#include "SearchQuery.h"
#include "SendTime.h"

#include <QCommandLineParser>
#include <QSettings>
#include <QTextStream>

#include <algorithm>

namespace ns {
namespace {

LaunchRequest fail(const QString &message)
{
    QTextStream(stderr) << "ns-inbox: " << message << Qt::endl;
    LaunchRequest r;
    r.mode = LaunchRequest::Mode::Exit;
    r.exitCode = 2;
    return r;
}

// QCommandLineParser names the program as it was started; the usage line says `ns-inbox`, and the
// subcommand when there is one, so it can be typed as it reads.
QString usageText(const QCommandLineParser &parser, const QString &command)
{
    const QString text = parser.helpText();
    const QString usage = command.isEmpty() ? QStringLiteral("Usage: ns-inbox [options]")
                                            : QStringLiteral("Usage: ns-inbox %1 [options]").arg(command);
    return usage + text.mid(text.indexOf(QLatin1Char('\n')));
}

// The inbox a headless reader opens: --database, --demo, or --user (else the saved user).
LaunchRequest chooseInbox(const QCommandLineParser &parser, const QCommandLineOption &database,
                          const QCommandLineOption &user, const QCommandLineOption &demo, LaunchRequest request)
{
    request.demo = parser.isSet(demo);
    request.databasePath = parser.value(database);
    request.settings.userUuid = parser.isSet(user) ? parser.value(user) : QSettings().value(QStringLiteral("connection/user")).toString();
    if (request.databasePath.isEmpty() && !request.demo && !isCanonicalUuid(request.settings.userUuid))
        return fail(QStringLiteral("say which inbox: --database FILE, --user UUID or --demo"));
    return request;
}

// Empty when `text` parses; else the parser's message, the query and a caret under the place.
QString queryProblem(const QString &text)
{
    ns::SearchParseError error;
    ns::SearchQuery::parse(text, ns::SearchClock::system(), &error);
    if (!error.isError())
        return {};
    const QString marks = QString(std::max(1, error.length), QLatin1Char('^'));
    return QStringLiteral("the query does not parse: %1\n  %2\n  %3%4")
        .arg(error.message, text, QString(error.position, QLatin1Char(' ')), marks);
}

LaunchRequest parseExport(const QStringList &args, LaunchRequest request)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the messages of an inbox view as CSV or JSON with the seed's field names (subject, uuid, body,\n"
        "reference_url, is_active, created_by, created_date, modified_by, modified_date, kafka_topic,\n"
        "kafka_partition, kafka_offset, kafka_key), streaming, in the view's order. In CSV, a text cell that\n"
        "starts with = + - @ or a tab gets a leading apostrophe, so spreadsheets never run it as a formula."));
    parser.addHelpOption();
    // Both required, and the help says so: no default format (a file named by the user, or standard
    // output, has no format to guess from that is sure to be right; a wrong guess writes a file to redo).
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("Required: csv or json."), QStringLiteral("format"));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("Required: file to write (- for standard output)."), QStringLiteral("file"));
    const QCommandLineOption filter(QStringLiteral("filter"), QStringLiteral("inbox, unread, archived, snoozed, inactive or all (default)."), QStringLiteral("filter"));
    const QCommandLineOption search(QStringLiteral("search"), QStringLiteral("Only messages matching this search, as typed in the window."), QStringLiteral("text"));
    const QCommandLineOption query(QStringLiteral("query"), QStringLiteral("Only messages matching this query (operators as in `ns-inbox search`), newest first;\n--filter is the folder when the query has no in:."), QStringLiteral("query"));
    const QCommandLineOption sort(QStringLiteral("sort"), QStringLiteral("date (default, newest first), subject, sender or unread."), QStringLiteral("key"));
    const QCommandLineOption ascending(QStringLiteral("ascending"), QStringLiteral("Sort in ascending order."));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("Inbox database file."), QStringLiteral("file"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("User UUID: export that user's inbox."), QStringLiteral("uuid"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Export the demo inbox."));
    parser.addOptions({format, output, filter, search, query, sort, ascending, database, user, demo});
    if (!parser.parse(args))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << usageText(parser, QStringLiteral("export"));
        request.mode = LaunchRequest::Mode::Exit;
        return request;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));
    if (!parser.isSet(format))
        return fail(QStringLiteral("--format is required (csv or json)"));
    if (!MessageExporter::formatFromName(parser.value(format), &request.exportFormat))
        return fail(QStringLiteral("--format takes csv or json"));
    request.exportOutput = parser.value(output);
    if (request.exportOutput.isEmpty())
        return fail(QStringLiteral("--output is required (- for standard output)"));
    if (parser.isSet(filter) && !inboxFilterFromName(parser.value(filter), &request.exportView.filter))
        return fail(QStringLiteral("unknown filter \"%1\"").arg(parser.value(filter)));
    if (parser.isSet(sort) && !inboxSortKeyFromName(parser.value(sort), &request.exportView.sort.key))
        return fail(QStringLiteral("unknown sort key \"%1\"").arg(parser.value(sort)));
    request.exportView.sort.order = parser.isSet(ascending) ? Qt::AscendingOrder : Qt::DescendingOrder;
    request.exportView.searchText = parser.value(search);
    if (parser.isSet(query)) {
        if (parser.isSet(search))
            return fail(QStringLiteral("--query and --search do not go together: put the words in the query"));
        if (parser.isSet(sort) || parser.isSet(ascending))
            return fail(QStringLiteral("--query lists the matches newest first: --sort and --ascending do not apply"));
        if (const QString problem = queryProblem(parser.value(query)); !problem.isEmpty())
            return fail(problem);
        request.query = parser.value(query);
    }
    return chooseInbox(parser, database, user, demo, request);
}

LaunchRequest parseSearch(const QStringList &args, LaunchRequest request)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prints the messages matching QUERY, newest first, one per line: id, date (UTC), from, subject and link,\n"
        "separated by tabs (tabs and line breaks inside a field become spaces), or with --json one JSON object per\n"
        "line. QUERY is what the search box takes: words, \"phrases\" and operators (is:unread, in:archived,\n"
        "from:, subject:, body:, url:, has:link, before:, after:, on:, partition:, offset:, key:), each negated with\n"
        "-, alternatives joined with OR. Without in: every folder is searched. Exit status: 0 (also when nothing\n"
        "matches), 1 when the inbox cannot be read, 2 when QUERY does not parse (the message says why)."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("Inbox database file."), QStringLiteral("file"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("User UUID: search that user's inbox."), QStringLiteral("uuid"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Search the demo inbox."));
    parser.addOptions({json, database, user, demo});
    parser.addPositionalArgument(QStringLiteral("query"), QStringLiteral("The search, e.g. 'is:unread from:\"Billing System\" after:7d'."));
    // A negated term is not an option: `ns-inbox search -from:system` searches. Only this
    // command's own options go to the parser; every other argument is a word of the query.
    QStringList options{args.value(0)};
    QStringList words;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--")) {
            words += args.mid(i + 1);
            break;
        }
        if (a == QLatin1String("--database") || a == QLatin1String("--user")) {
            options << a << args.value(i + 1);
            ++i;
        } else if (a.startsWith(QLatin1String("--")) || a == QLatin1String("-h")) {
            options << a; // --json, --demo, --help, --database=FILE, or an unknown one the parser names.
        } else {
            words << a;
        }
    }
    if (!parser.parse(options + QStringList{QStringLiteral("--")} + words))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << usageText(parser, QStringLiteral("search"));
        request.mode = LaunchRequest::Mode::Exit;
        return request;
    }
    if (words.isEmpty())
        return fail(QStringLiteral("search needs a query, as in: ns-inbox search 'is:unread after:7d'"));
    // Several words are one query: `ns-inbox search is:unread invoice` as typed in the box.
    request.query = words.join(QLatin1Char(' '));
    if (const QString problem = queryProblem(request.query); !problem.isEmpty())
        return fail(problem);
    request.searchJson = parser.isSet(json);
    return chooseInbox(parser, database, user, demo, request);
}

} // namespace

LaunchRequest parseCommandLine(const QStringList &arguments)
{
    QStringList args = arguments;
    LaunchRequest request;
    if (args.size() > 1 && args.at(1) == QLatin1String("ingest")) {
        request.mode = LaunchRequest::Mode::Ingest;
        args.removeAt(1);
    } else if (args.size() > 1 && args.at(1) == QLatin1String("send")) {
        request.mode = LaunchRequest::Mode::Send;
        request.timeoutSeconds = 30;
        args.removeAt(1);
    } else if (args.size() > 1 && args.at(1) == QLatin1String("export")) {
        request.mode = LaunchRequest::Mode::Export;
        args.removeAt(1);
        return parseExport(args, request);
    } else if (args.size() > 1 && args.at(1) == QLatin1String("search")) {
        request.mode = LaunchRequest::Mode::Search;
        args.removeAt(1);
        return parseSearch(args, request);
    }
    const bool sending = request.mode == LaunchRequest::Mode::Send;

    QCommandLineParser parser;
    parser.setApplicationDescription(request.mode == LaunchRequest::Mode::Ingest
        ? QStringLiteral("Reads the user's topic into the local inbox without a window.")
        : sending
        ? QStringLiteral("Sends one message to one or many users through the outbox of --user's inbox database, and\n"
                         "prints each recipient's result. Exit status: 0 all delivered (with --at: scheduled), 1 any\n"
                         "failed or still pending (it stays in the outbox and is sent when NS Inbox next starts), 2 bad\n"
                         "arguments. --at holds it in the outbox until then: NS Inbox sends it at that time, or\n"
                         "ns-inbox send --outbox (or --wait) when the window is not running.")
        : QStringLiteral("NS Inbox: a desktop inbox for messages delivered over Apache Kafka.\n\n"
                         "Commands:\n  ingest   read the user's topic into the inbox without a window\n"
                         "  export   write the inbox's messages as CSV or JSON (ns-inbox export --help)\n"
                         "  search   print the messages matching a query (ns-inbox search --help)\n"
                         "  send     send a message to users (administrators; ns-inbox send --help)"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Run against the built-in demo broker with sample messages."));
    const QCommandLineOption bootstrap(QStringLiteral("bootstrap"), QStringLiteral("Kafka bootstrap servers (host:port,...)."), QStringLiteral("servers"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Your user UUID (the topic to read)."), QStringLiteral("uuid"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("Inbox database file (default: one per user in the app data folder)."), QStringLiteral("file"));
    const QCommandLineOption security(QStringLiteral("security-protocol"), QStringLiteral("PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL."), QStringLiteral("protocol"));
    const QCommandLineOption mechanism(QStringLiteral("sasl-mechanism"), QStringLiteral("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512."), QStringLiteral("mechanism"));
    const QCommandLineOption username(QStringLiteral("sasl-username"), QStringLiteral("SASL user name (the password: NS_INBOX_SASL_PASSWORD, else the system keychain, else asked)."), QStringLiteral("name"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"), QStringLiteral("CA certificate (PEM) for SSL."), QStringLiteral("file"));
    const QCommandLineOption demoIfUnconfigured(QStringLiteral("demo-if-unconfigured"), QStringLiteral("With no server configured, open the demo instead of the welcome page."));
    const QCommandLineOption batch(QStringLiteral("batch-size"), QStringLiteral("Records per transaction (default 1000)."), QStringLiteral("n"));
    const QCommandLineOption caughtUp(QStringLiteral("exit-when-caught-up"), QStringLiteral("ingest: exit once every partition is read to its end."));
    const QCommandLineOption timeout(QStringLiteral("timeout"), sending ? QStringLiteral("Stop waiting for delivery after this many seconds (default 30).")
                                                                        : QStringLiteral("ingest: give up (exit 1) after this many seconds."), QStringLiteral("seconds"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Recipient user UUIDs, separated by commas (repeatable)."), QStringLiteral("uuids"));
    const QCommandLineOption subject(QStringLiteral("subject"), QStringLiteral("Subject (at most 255 characters)."), QStringLiteral("text"));
    const QCommandLineOption body(QStringLiteral("body"), QStringLiteral("Message text."), QStringLiteral("text"));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Reference link (http or https)."), QStringLiteral("url"));
    const QCommandLineOption inactive(QStringLiteral("inactive"), QStringLiteral("Send with is_active false."));
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("Send later: 2026-12-08T08:00 (local time; Z or +01:00 for a zone), 08:00 (the next one), or +15m/+2h/+1d."),
                                QStringLiteral("time"));
    const QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("With --at: stay until its time, send it and print the results (--timeout counts from then)."));
    const QCommandLineOption outboxOnly(QStringLiteral("outbox"),
                                        QStringLiteral("Send nothing new: deliver what the outbox holds (pending rows, scheduled ones as they come due) "
                                                       "and exit when none is left or at --timeout."));
    parser.addOptions({demo, bootstrap, user, database, security, mechanism, username, caFile, batch});
    if (request.mode == LaunchRequest::Mode::Ingest)
        parser.addOptions({caughtUp, timeout});
    const QCommandLineOption minimized(QStringLiteral("minimized"), QStringLiteral("Start hidden in the system tray (minimized if there is none)."));
    if (sending)
        parser.addOptions({to, subject, body, url, inactive, timeout, at, wait, outboxOnly});
    if (request.mode == LaunchRequest::Mode::Window)
        parser.addOptions({demoIfUnconfigured, minimized});

    if (!parser.parse(args))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))) {
        QTextStream out(stdout);
        const QString command = request.mode == LaunchRequest::Mode::Ingest ? QStringLiteral("ingest")
            : sending                                                   ? QStringLiteral("send")
                                                                        : QString();
        out << (parser.isSet(QStringLiteral("help")) ? usageText(parser, command)
                                                     : QStringLiteral("ns-inbox %1\n").arg(QStringLiteral(NS_INBOX_VERSION)));
        request.mode = LaunchRequest::Mode::Exit;
        return request;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));

    // The command line wins over saved settings (user file, then the system-wide one).
    const ProfileSettings saved = ProfileSettings::load(QSettings());
    ConnectionSettings &s = request.settings;
    s = saved.connection;
    if (parser.isSet(bootstrap))
        s.bootstrapServers = parser.value(bootstrap);
    if (parser.isSet(user))
        s.userUuid = parser.value(user);
    if (parser.isSet(security))
        s.securityProtocol = parser.value(security).toUpper();
    if (parser.isSet(mechanism))
        s.saslMechanism = parser.value(mechanism).toUpper();
    if (parser.isSet(username))
        s.saslUsername = parser.value(username);
    if (parser.isSet(caFile))
        s.caFile = parser.value(caFile);
    s.saslPassword = qEnvironmentVariable(PasswordResolver::EnvironmentVariable);
    if (parser.isSet(batch)) {
        bool ok = false;
        s.batchSize = parser.value(batch).toInt(&ok);
        if (!ok || s.batchSize < 1 || s.batchSize > 100'000)
            return fail(QStringLiteral("--batch-size takes a number from 1 to 100000"));
    }
    request.databasePath = parser.value(database);
    request.minimized = request.mode == LaunchRequest::Mode::Window && parser.isSet(minimized);
    // isSet() warns about options this mode did not add; ask only about the mode's own.
    const bool ingest = request.mode == LaunchRequest::Mode::Ingest;
    request.exitWhenCaughtUp = ingest && parser.isSet(caughtUp);
    if (sending) {
        request.draft.recipients = parser.values(to).join(QLatin1Char(','));
        request.draft.subject = parser.value(subject);
        request.draft.body = parser.value(body);
        request.draft.referenceUrl = parser.value(url);
        request.draft.isActive = !parser.isSet(inactive);
        if (parser.isSet(demo))
            return fail(QStringLiteral("send needs a real broker: --demo runs one inside the window only"));
        request.sendOutboxOnly = parser.isSet(outboxOnly);
        request.sendWait = parser.isSet(wait);
        if (request.sendOutboxOnly && (parser.isSet(to) || parser.isSet(subject) || parser.isSet(body) || parser.isSet(at)))
            return fail(QStringLiteral("--outbox sends what the outbox holds: no --to, --subject, --body or --at with it"));
        if (parser.isSet(at)) {
            QString error;
            request.sendAt = SendTime::parse(parser.value(at), QDateTime::currentDateTimeUtc(), &error);
            if (!request.sendAt.isValid())
                return fail(QStringLiteral("--at: %1").arg(error));
        } else if (request.sendWait) {
            return fail(QStringLiteral("--wait goes with --at (a send without --at always waits for its results)"));
        }
    }
    if ((ingest || sending) && parser.isSet(timeout)) {
        bool ok = false;
        request.timeoutSeconds = parser.value(timeout).toInt(&ok);
        if (!ok || request.timeoutSeconds < 1)
            return fail(QStringLiteral("--timeout takes a whole number of seconds"));
    }

    if (!ProfileSettings::securityProtocols().contains(s.securityProtocol))
        return fail(QStringLiteral("unknown security protocol \"%1\"").arg(s.securityProtocol));

    request.demo = parser.isSet(demo);
    if (request.demo)
        return request;
    ProfileSettings merged;
    merged.connection = s;
    const bool connectionGiven = parser.isSet(bootstrap) || parser.isSet(user);
    if (request.mode == LaunchRequest::Mode::Window && !merged.isConfigured() && !connectionGiven) {
        // The welcome page (or, for the run script, the demo) instead of an error. A connection
        // given on the command line is checked like a subcommand's: a typo there is an error, not
        // a welcome page that would hide what was wrong with it.
        request.needsSetup = true;
        request.demo = parser.isSet(demoIfUnconfigured);
        return request;
    }
    if (s.bootstrapServers.isEmpty())
        return fail(QStringLiteral("no bootstrap servers: pass --bootstrap host:port or use --demo"));
    if (s.userUuid.isEmpty())
        return fail(QStringLiteral("no user: pass --user UUID (the topic to read)"));
    if (!isCanonicalUuid(s.userUuid))
        return fail(QStringLiteral("\"%1\" is not a user UUID (lowercase 8-4-4-4-12, as str(user.uuid) writes it)").arg(s.userUuid));
    if (const auto problems = merged.validate(); !problems.isEmpty())
        return fail(problems.constFirst().message);
    return request;
}

ProfileSettings settingsForDialog(const LaunchRequest &request, const ProfileSettings &saved)
{
    if (request.demo)
        return saved;
    ProfileSettings shown = saved;
    shown.connection = request.settings;
    shown.connection.saslPassword.clear(); // The dialog reads the password from the keychain.
    return shown;
}

} // namespace ns
