// ns_state_peer: a headless NS Inbox desktop for the state sync tests. It opens a profile
// database, runs the real IngestService (the user's messages) and StateSyncService (the user's
// state topic) on a broker, and takes commands on stdin, one per line, answering each with one
// line on stdout ("ok ..." or "error ..."; `dump` prints its rows first, then "ok N"):
//
//   read <partition> <offset> 0|1      mark a message read or unread (as the window does)
//   archive <partition> <offset> 0|1   archive or unarchive it
//   snooze <partition> <offset> <until-ms>   snooze it until then (0: wake it)
//   mark-all-read                      Mark all as read over every stored message
//   bulk-archive <count>               archive the first <count> inbox messages (by id) as one bulk
//                                      action of the window (StoreWriter, slices, a record each)
//   undo                               take the last bulk action back (as Ctrl+Z: a change of its own)
//   dump                               wakes snoozes that are due, then every message:
//                                      "<partition> <offset> read=R archived=A snoozed=S", sorted
//   wait-messages <count> [seconds]    until that many messages are stored
//   wait-synced [<state-end>] [seconds]   until caught up, nothing of ours unconfirmed, and (given)
//                                      the state topic read up to that offset
//   status                             the state sync status, e.g. "ok synced"
//   save-search <name> <query...>      save a search as the window does (SavedSearchFolders);
//                                      one word for the name, the rest of the line the query
//   rename-search <name> <new-name>    rename the saved search called <name>
//   edit-search <name> <query...>      give it another query
//   delete-search <name>               delete it
//   searches                           the folder list's saved searches, as the window shows
//                                      them (their unread counts counted again first):
//                                      "<position> <uuid> <name> unread=<n> | <query>", then "ok N"
//   quit                               stop both services cleanly and exit 0
//
// Status changes go to stderr as "status: <name>[: detail]", next to the log lines, so a test
// can count "state sync: local only:" lines. Tests SIGKILL it at will: everything it does is in
// the database's transactions.

#include "Database.h"
#include "IngestService.h"
#include "InboxFilter.h"
#include "MessageIndex.h"
#include "RdKafkaSource.h"
#include "SavedSearchFolders.h"
#include "StateRecord.h"
#include "StateStore.h"
#include "StateSyncService.h"
#include "StateTopicAdmin.h"
#include "StoreWriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QSocketNotifier>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <unistd.h>

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

class Peer : public QObject
{
public:
    Peer(ns::ConnectionSettings settings, QString databasePath)
        : m_settings(std::move(settings)), m_databasePath(std::move(databasePath)), m_stateTopic(ns::StateTopic::nameFor(m_settings.userUuid))
    {
    }

    bool open()
    {
        ns::StoreError error;
        m_db = ns::Database::open(m_databasePath, QStringLiteral("peer"), &error);
        if (!m_db.isValid()) {
            err << "ns_state_peer: cannot open " << m_databasePath << ": " << error.text << Qt::endl;
            return false;
        }
        m_index = std::make_unique<ns::MessageIndex>(m_db);
        m_state = std::make_unique<ns::StateStore>(m_db);
        m_ingest = std::make_unique<ns::IngestService>(m_settings, m_databasePath, ns::RdKafkaSource::factory(m_settings));
        m_sync = std::make_unique<ns::StateSyncService>(m_settings.userUuid, m_databasePath, ns::StateTopicAdmin::clients(m_settings));
        connect(m_sync.get(), &ns::StateSyncService::syncStateChanged, this, [](ns::StateSyncStatus s, const QString &detail) {
            err << "status: " << ns::stateSyncStatusName(s) << (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail) << Qt::endl;
        });
        connect(m_sync.get(), &ns::StateSyncService::caughtUp, this, [] { err << "status: caught up" << Qt::endl; });
        // The window's saved searches: changes written off this thread and sent to the other
        // desktops; theirs read again when they come (the controller's wiring, InboxController::follow).
        m_searches = std::make_unique<ns::SavedSearchFolders>(m_index.get(), m_databasePath);
        m_searches->follow(m_sync.get());
        m_ingest->start();
        m_sync->start();
        return true;
    }

    void listen()
    {
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, &Peer::readInput);
    }

private:
    void readInput()
    {
        char buffer[4096];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            m_stdin->setEnabled(false);
            m_lines.append(QStringLiteral("quit"));
        } else {
            m_pending += QByteArray(buffer, static_cast<qsizetype>(n));
            qsizetype nl;
            while ((nl = m_pending.indexOf('\n')) >= 0) {
                m_lines.append(QString::fromUtf8(m_pending.left(nl)).trimmed());
                m_pending.remove(0, nl + 1);
            }
        }
        runNext();
    }

    // One command at a time: a wait holds the ones behind it.
    void runNext()
    {
        while (!m_waiting && !m_quitting && !m_lines.isEmpty()) {
            const QString line = m_lines.takeFirst();
            if (!line.isEmpty())
                run(line.split(QLatin1Char(' '), Qt::SkipEmptyParts));
        }
    }

    void reply(const QString &text)
    {
        out << text << Qt::endl;
    }

    std::optional<qint64> idAt(const QStringList &args)
    {
        bool okP = false, okO = false;
        const int partition = args.value(1).toInt(&okP);
        const qint64 offset = args.value(2).toLongLong(&okO);
        if (!okP || !okO)
            return std::nullopt;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT id FROM messages WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset = ?"));
        q.addBindValue(m_settings.userUuid);
        q.addBindValue(partition);
        q.addBindValue(offset);
        if (!q.exec() || !q.next())
            return std::nullopt;
        return q.value(0).toLongLong();
    }

    void run(const QStringList &args)
    {
        const QString &command = args.first();
        ns::StoreError error;
        if (command == QLatin1String("read") || command == QLatin1String("archive")) {
            const std::optional<qint64> id = idAt(args);
            if (!id || args.size() != 4)
                return reply(QStringLiteral("error no such message: %1").arg(args.join(QLatin1Char(' '))));
            const bool on = args.at(3) == QLatin1String("1");
            const bool ok = write(command, &error, [&] {
                return command == QLatin1String("read") ? m_index->setRead(*id, on, &error) : m_index->setArchived(*id, on, &error);
            });
            if (!ok)
                return reply(QStringLiteral("error %1").arg(error.text));
            m_sync->changesQueued();
            return reply(QStringLiteral("ok"));
        }
        if (command == QLatin1String("snooze"))
            return snooze(args);
        if (command == QLatin1String("mark-all-read")) {
            const ns::MessageIndex::Snapshot snapshot = m_index->snapshot(&error);
            qint64 changed = -1;
            write(command, &error, [&] {
                changed = m_index->markBucketsRead(ns::MessageBucket::of(ns::InboxFilter::All), snapshot.maxId, &error);
                return changed >= 0;
            });
            if (changed < 0)
                return reply(QStringLiteral("error %1").arg(error.text));
            m_sync->changesQueued();
            return reply(QStringLiteral("ok %1").arg(changed));
        }
        if (command == QLatin1String("bulk-archive") || command == QLatin1String("undo"))
            return bulk(command, args.value(1).toInt());
        if (command.endsWith(QLatin1String("-search")) || command == QLatin1String("searches"))
            return savedSearch(args);
        if (command == QLatin1String("dump"))
            return dump();
        if (command == QLatin1String("status"))
            return reply(QStringLiteral("ok %1").arg(ns::stateSyncStatusName(m_sync->status())));
        if (command == QLatin1String("wait-messages")) {
            const qint64 count = args.value(1).toLongLong();
            return waitFor(args.value(2, QStringLiteral("120")).toInt(), [this, count] { return storedMessages() >= count; },
                           [this] { return QStringLiteral("%1 message(s) stored").arg(storedMessages()); });
        }
        if (command == QLatin1String("wait-synced")) {
            const qint64 end = args.value(1, QStringLiteral("-1")).toLongLong();
            return waitFor(args.value(2, QStringLiteral("120")).toInt(), [this, end] { return isSynced(end); }, [this] {
                ns::StoreError e;
                return QStringLiteral("status %1, caught up %2, %3 change(s) unconfirmed, position %4")
                    .arg(ns::stateSyncStatusName(m_sync->status()))
                    .arg(m_sync->isCaughtUp())
                    .arg(m_state->pendingCount(&e))
                    .arg(m_state->nextOffset(m_stateTopic, &e).value_or(-1));
            });
        }
        if (command == QLatin1String("quit")) {
            m_quitting = true; // Nothing after it runs (the end of input queues another quit).
            m_stdin->setEnabled(false);
            m_writer.reset();
            m_searches.reset();
            m_sync->stop();
            m_ingest->stop();
            reply(QStringLiteral("ok bye"));
            QCoreApplication::exit(0);
            return;
        }
        reply(QStringLiteral("error unknown command: %1").arg(command));
    }

    // A local change, tried again while SQLite says the database is busy, each time said on stderr
    // as "peer: busy: ..." (tests count them). The window would show such a failure to the user:
    // a write transaction that read first cannot wait for another connection's commit (SQLite's
    // busy handler does not run for a stale snapshot), and the state sync thread writes too.
    template<typename Op>
    bool write(const QString &command, ns::StoreError *error, Op op)
    {
        for (int attempt = 0; attempt < 50; ++attempt) {
            *error = {};
            if (op())
                return true;
            if (error->kind != ns::StoreError::Kind::Busy)
                return false;
            err << "peer: busy: " << command << ": " << error->text << Qt::endl;
            QThread::msleep(20);
        }
        return false;
    }

    // The window's path: a command for the StoreWriter (its own thread and connection); the
    // states it changed, kept for `undo`.
    void bulk(const QString &command, int count)
    {
        if (!m_writer)
            m_writer = std::make_unique<ns::StoreWriter>(m_databasePath);
        ns::InboxCommand c;
        if (command == QLatin1String("undo")) {
            c = ns::InboxCommand::restore(m_lastBefore);
        } else {
            QVector<qint64> ids;
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("SELECT id FROM messages WHERE is_archived = 0 ORDER BY id LIMIT %1").arg(count));
            while (q.next())
                ids.append(q.value(0).toLongLong());
            c = ns::InboxCommand::bulk(ns::InboxCommand::Kind::BulkArchived, ns::MessageSelection::of(ids), 1);
        }
        ns::InboxCommandResult result;
        const QMetaObject::Connection done = connect(m_writer.get(), &ns::StoreWriter::commandFinished, this,
                                                     [&result](const ns::InboxCommandResult &r) { result = r; });
        m_writer->submit(c);
        const bool idle = m_writer->waitForIdle(120'000);
        disconnect(done);
        if (!idle || !result.ok())
            return reply(QStringLiteral("error %1").arg(idle ? result.error.text : QStringLiteral("timed out")));
        if (command != QLatin1String("undo"))
            m_lastBefore = result.before;
        m_sync->changesQueued();
        reply(QStringLiteral("ok %1").arg(result.changed));
    }

    void savedSearch(const QStringList &args)
    {
        const QString &command = args.first();
        if (command == QLatin1String("searches")) {
            m_searches->refreshCounts(); // Counted off this thread: waited for, as the window waits for changed().
            if (!m_searches->waitForWrites())
                return reply(QStringLiteral("error the saved searches were not counted in time"));
            for (const ns::SavedSearch &s : m_searches->searches()) {
                out << s.position << ' ' << s.uuid << ' ' << s.name << " unread=" << m_searches->unreadCount(s.id) << " | "
                    << s.query << '\n';
            }
            return reply(QStringLiteral("ok %1").arg(m_searches->searches().size()));
        }
        const QString name = args.value(1);
        const QString rest = args.mid(2).join(QLatin1Char(' '));
        QString problem;
        if (command == QLatin1String("save-search")) {
            problem = m_searches->save(name, rest);
        } else {
            qint64 id = 0;
            for (const ns::SavedSearch &s : m_searches->searches())
                id = s.name == name ? s.id : id;
            if (id == 0)
                return reply(QStringLiteral("error no saved search called %1").arg(name));
            if (command == QLatin1String("rename-search"))
                problem = m_searches->rename(id, rest);
            else if (command == QLatin1String("edit-search"))
                problem = m_searches->edit(id, rest);
            else if (command == QLatin1String("delete-search"))
                m_searches->remove(id);
            else
                return reply(QStringLiteral("error unknown command: %1").arg(command));
        }
        if (!problem.isEmpty())
            return reply(QStringLiteral("error %1").arg(problem));
        // Written (and the list read again) before the answer; the sync thread was kicked.
        if (!m_searches->waitForWrites())
            return reply(QStringLiteral("error the saved search was not written in time"));
        reply(QStringLiteral("ok"));
    }

    void snooze(const QStringList &args)
    {
        const std::optional<qint64> id = idAt(args);
        bool ok = false;
        const qint64 until = args.value(3).toLongLong(&ok);
        if (!id || !ok || args.size() != 4)
            return reply(QStringLiteral("error no such message or time: %1").arg(args.join(QLatin1Char(' '))));
        ns::StoreError error;
        if (!write(QStringLiteral("snooze"), &error, [&] { return m_index->setSnoozed(*id, until, &error); }))
            return reply(QStringLiteral("error %1").arg(error.text));
        m_sync->changesQueued();
        reply(QStringLiteral("ok"));
    }

    qint64 storedMessages()
    {
        QSqlQuery q(m_db);
        return q.exec(QStringLiteral("SELECT count(*) FROM messages")) && q.next() ? q.value(0).toLongLong() : -1;
    }

    bool isSynced(qint64 end)
    {
        if (!m_sync->isCaughtUp())
            return false;
        ns::StoreError error;
        if (m_state->pendingCount(&error) != 0)
            return false;
        if (m_state->markAllOwed(&error) || error.isError()) // Its slices still coming.
            return false;
        return end < 0 || m_state->nextOffset(m_stateTopic, &error).value_or(-1) >= end;
    }

    void waitFor(int seconds, std::function<bool()> done, std::function<QString()> describe)
    {
        if (done())
            return reply(QStringLiteral("ok"));
        m_waiting = true;
        auto *timer = new QTimer(this);
        const QDeadlineTimer deadline(seconds * 1000LL);
        connect(timer, &QTimer::timeout, this, [this, timer, deadline, done, describe] {
            const bool finished = done();
            if (!finished && !deadline.hasExpired())
                return;
            timer->deleteLater();
            reply(finished ? QStringLiteral("ok") : QStringLiteral("error timed out: %1").arg(describe()));
            m_waiting = false;
            runNext();
        });
        timer->start(50);
    }

    void dump()
    {
        // As the window's timer does: snoozes whose time has come are woken (a wake writes nothing
        // to the state topic; every desktop wakes by the same clock).
        QVector<qint64> woken;
        ns::StoreError error;
        if (!m_index->wakeDue(QDateTime::currentMSecsSinceEpoch(), &woken, &error))
            return reply(QStringLiteral("error waking snoozed messages: %1").arg(error.text));
        QSqlQuery columns(m_db);
        bool hasSnooze = false;
        if (columns.exec(QStringLiteral("PRAGMA table_info(messages)"))) {
            while (columns.next())
                hasSnooze = hasSnooze || columns.value(1).toString() == QLatin1String("snoozed_until");
        }
        QSqlQuery q(m_db);
        const QString sql = QStringLiteral("SELECT kafka_partition, kafka_offset, is_read, is_archived, %1 FROM messages"
                                           " WHERE kafka_topic = ? ORDER BY kafka_partition, kafka_offset")
                                .arg(hasSnooze ? QStringLiteral("snoozed_until") : QStringLiteral("0"));
        q.prepare(sql);
        q.addBindValue(m_settings.userUuid);
        if (!q.exec())
            return reply(QStringLiteral("error dump failed"));
        int rows = 0;
        while (q.next()) {
            out << q.value(0).toInt() << ' ' << q.value(1).toLongLong() << " read=" << q.value(2).toInt()
                << " archived=" << q.value(3).toInt() << " snoozed=" << q.value(4).toLongLong() << '\n';
            ++rows;
        }
        reply(QStringLiteral("ok %1").arg(rows));
    }

    ns::ConnectionSettings m_settings;
    QString m_databasePath;
    QString m_stateTopic;
    QSqlDatabase m_db;
    std::unique_ptr<ns::MessageIndex> m_index;
    std::unique_ptr<ns::StateStore> m_state;
    std::unique_ptr<ns::IngestService> m_ingest;
    std::unique_ptr<ns::StateSyncService> m_sync;
    std::unique_ptr<ns::StoreWriter> m_writer;
    std::unique_ptr<ns::SavedSearchFolders> m_searches;
    QVector<ns::MessageState> m_lastBefore;
    QSocketNotifier *m_stdin = nullptr;
    QByteArray m_pending;
    QStringList m_lines;
    bool m_waiting = false;
    bool m_quitting = false;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A headless NS Inbox desktop for the state sync tests; commands on stdin."));
    parser.addHelpOption();
    const QCommandLineOption bootstrap(QStringLiteral("bootstrap"), QStringLiteral("Bootstrap servers."), QStringLiteral("host:port"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("The user's UUID."), QStringLiteral("uuid"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("The profile database."), QStringLiteral("path"));
    const QCommandLineOption security(QStringLiteral("security-protocol"), QStringLiteral("PLAINTEXT or SASL_PLAINTEXT."), QStringLiteral("name"),
                                      QStringLiteral("PLAINTEXT"));
    const QCommandLineOption saslUser(QStringLiteral("sasl-username"), QStringLiteral("SASL/PLAIN user; the password is in NS_INBOX_SASL_PASSWORD."),
                                      QStringLiteral("name"));
    parser.addOptions({bootstrap, user, database, security, saslUser});
    parser.process(app);
    if (!parser.isSet(bootstrap) || !parser.isSet(user) || !parser.isSet(database)) {
        err << "ns_state_peer: --bootstrap, --user and --database are required" << Qt::endl;
        return 2;
    }
    ns::ConnectionSettings settings;
    settings.bootstrapServers = parser.value(bootstrap);
    settings.userUuid = parser.value(user);
    settings.securityProtocol = parser.value(security);
    settings.saslUsername = parser.value(saslUser);
    settings.saslPassword = qEnvironmentVariable("NS_INBOX_SASL_PASSWORD");
    settings.clientId = QStringLiteral("ns-state-peer");

    Peer peer(settings, parser.value(database));
    if (!peer.open())
        return 1;
    peer.listen();
    return app.exec();
}
