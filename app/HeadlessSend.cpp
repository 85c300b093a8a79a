#include "HeadlessSend.h"

#include "Database.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "RdKafkaProducer.h"
#include "SendTime.h"
#include "StoreCheck.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QTextStream>
#include <QTimer>

#include <limits>

namespace ns {
namespace {

// The same bounded check as `ns-inbox ingest` runs, before any connection opens the file: a
// damaged store is set aside and rebuilt with its unsent messages (said once, on stdout, and the
// send goes on); one that cannot be used ends the command at once with the reason.
bool checkStoreBeforeSending(const QString &path, QTextStream &out, QTextStream &err)
{
    const StoreCheckReport check = StoreCheck::checkAndRecover(path);
    if (check.outcome == StoreCheckReport::Outcome::Failed) {
        err << "ns-inbox send: " << check.summary() << Qt::endl;
        return false;
    }
    if (check.outcome == StoreCheckReport::Outcome::Rebuilt)
        out << check.summary() << Qt::endl;
    return true;
}

} // namespace

int runHeadlessSend(const HeadlessSendOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const DraftProblems problems = options.draft.validate();
    if (!problems.isEmpty()) {
        for (const QString &p : problems.all())
            err << "ns-inbox send: " << p << Qt::endl;
        return 2;
    }
    const QStringList recipients = MessageDraft::parseRecipients(options.draft.recipients).valid;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool later = options.sendAt.isValid() && options.sendAt > now;
    if (!checkStoreBeforeSending(options.databasePath, out, err))
        return 1;

    OutboxService outbox(options.databasePath, RdKafkaProducer::factory(options.settings));
    QString uuid;
    QHash<QString, OutboxEntry> mine; // recipient -> latest row of this message
    bool queuedPrinted = false;
    bool writeFailed = false;

    // The receiver of every connection below, destroyed before the variables they capture: no
    // queued call left behind by the worker can reach them after this function.
    QObject context;
    const auto allDecided = [&] {
        if (mine.size() < recipients.size())
            return false;
        for (const OutboxEntry &e : std::as_const(mine)) {
            if (e.status == OutboxStatus::Pending || (e.status == OutboxStatus::Scheduled && options.wait))
                return false;
        }
        return true;
    };
    QObject::connect(&outbox, &OutboxService::started, &context, [&](bool resumedOutbox, int resumed) {
        if (resumedOutbox && resumed > 0)
            err << "resending " << resumed << " pending row(s) left by an earlier run" << Qt::endl;
    });
    QObject::connect(&outbox, &OutboxService::outboxChanged, &context, [&](const QVector<OutboxEntry> &entries) {
        for (const OutboxEntry &e : entries) {
            if (e.messageUuid == uuid)
                mine.insert(e.recipient, e);
        }
        if (!queuedPrinted && mine.size() == recipients.size()) {
            // Printed once the rows are committed: from here on nothing composed can be lost.
            queuedPrinted = true;
            if (later)
                out << "scheduled message " << uuid << " for " << recipients.size() << " recipient(s) at "
                    << SendTime::describe(options.sendAt, QDateTime::currentDateTimeUtc()) << Qt::endl;
            else
                out << "queued message " << uuid << " for " << recipients.size() << " recipient(s)" << Qt::endl;
        }
        if (allDecided())
            QCoreApplication::exit(0);
    });
    QObject::connect(&outbox, &OutboxService::sendFailed, &context, [&](const QString &failedUuid, const QString &reason) {
        if (failedUuid != uuid)
            return;
        err << "ns-inbox send: the message could not be written to the outbox: " << reason << Qt::endl;
        writeFailed = true;
        QCoreApplication::exit(1);
    });
    QObject::connect(&outbox, &OutboxService::stateChanged, &context, [&](ConnectionState state, const QString &detail) {
        err << "state: " << connectionStateName(state) << (detail.isEmpty() ? QString() : QStringLiteral(" (") + detail + QLatin1Char(')')) << Qt::endl;
    });
    // A slow fan-out says what it waits for (the cluster creating topics, delivery reports).
    // Checked every second: the counts may stand still for long (a broker away) and still be news.
    QElapsedTimer sendClock;
    OutboxProgressLines progressLines;
    OutboxProgress latest;
    QObject::connect(&outbox, &OutboxService::progressChanged, &context, [&](const OutboxProgress &progress) { latest = progress; });
    QTimer progressTimer;
    QObject::connect(&progressTimer, &QTimer::timeout, &context, [&] {
        if (const std::optional<QString> line = progressLines.lineFor(latest, sendClock.elapsed()))
            err << *line << Qt::endl;
    });
    progressTimer.start(OutboxProgressLines::QuietMs);
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &context, [&] {
        err << "gave up waiting after " << options.timeoutSeconds << " s; undelivered rows stay in the outbox" << Qt::endl;
        QCoreApplication::exit(1);
    });
    // Waiting for a scheduled send: the timeout counts from its time.
    const qint64 untilDue = later && options.wait ? now.msecsTo(options.sendAt) : 0;
    timeout.start(static_cast<int>(std::min<qint64>(untilDue + options.timeoutSeconds * 1000LL, std::numeric_limits<int>::max())));

    outbox.start();
    sendClock.start();
    uuid = outbox.sendLater(options.draft.toMessage(options.createdBy), recipients, later ? options.sendAt : QDateTime());
    QCoreApplication::exec();
    outbox.stop(options.flushTimeoutMs);
    if (writeFailed)
        return 1;
    // The database is the truth: read the final verdicts (stop() may have recorded late reports).
    StoreError error;
    {
        const QString connection = Database::uniqueConnectionName(QStringLiteral("send"));
        QSqlDatabase db = Database::open(options.databasePath, connection, &error);
        if (db.isValid()) {
            for (const OutboxEntry &e : OutboxStore(db).entriesForMessage(uuid, &error))
                mine.insert(e.recipient, e);
        }
        db = {};
        Database::close(connection);
    }
    if (error.isError()) {
        // Without the final verdicts, no recipient's line could be told truthfully.
        err << "ns-inbox send: cannot read the outcome from the outbox (" << error.kindName() << "): " << error.text
            << "; undelivered rows stay in the outbox and are sent when NS Inbox next starts" << Qt::endl;
        return 1;
    }

    int undelivered = 0;
    for (const QString &recipient : recipients) {
        const auto it = mine.constFind(recipient);
        if (it == mine.constEnd()) {
            out << recipient << " pending not written to the outbox yet" << Qt::endl;
            ++undelivered;
            continue;
        }
        const OutboxEntry &e = *it;
        out << recipient << ' ' << outboxStatusName(e.status) << ' ';
        switch (e.status) {
        case OutboxStatus::Delivered: out << "partition " << e.partition << " offset " << e.offset; break;
        case OutboxStatus::Failed: out << e.reason; ++undelivered; break;
        case OutboxStatus::Pending:
            out << (e.reason.isEmpty() ? QStringLiteral("no delivery report yet") : e.reason)
                << "; it stays in the outbox and is sent when NS Inbox next starts";
            ++undelivered;
            break;
        case OutboxStatus::Scheduled:
            out << e.sendAt.toString(Qt::ISODate) << "; NS Inbox sends it then (or ns-inbox send --outbox)";
            undelivered += options.wait;
            break;
        case OutboxStatus::Cancelled: out << e.reason; ++undelivered; break;
        }
        out << Qt::endl;
    }
    return undelivered == 0 ? 0 : 1;
}

int runHeadlessOutbox(const HeadlessSendOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!checkStoreBeforeSending(options.databasePath, out, err))
        return 1;
    OutboxService outbox(options.databasePath, RdKafkaProducer::factory(options.settings));
    const QString connection = Database::uniqueConnectionName(QStringLiteral("send-outbox"));
    StoreError error;
    QSqlDatabase db = Database::open(options.databasePath, connection, &error);
    if (!db.isValid()) {
        err << "ns-inbox send: cannot open the outbox (" << error.kindName() << "): " << error.text << Qt::endl;
        return 1;
    }
    int exitCode = 0;
    int failed = 0;
    QObject context; // As in runHeadlessSend: nothing queued outlives the variables it captures.
    QTimer check;
    const auto checkLeft = [&] {
        const OutboxSummary left = OutboxStore(db).summary({}, &error);
        if (error.isError()) {
            err << "ns-inbox send: cannot read the outbox (" << error.kindName() << "): " << error.text << Qt::endl;
            exitCode = 1;
            QCoreApplication::exit(1);
        } else if (left.pending == 0 && left.scheduled == 0) {
            QCoreApplication::exit(0);
        }
    };
    QObject::connect(&outbox, &OutboxService::started, &context, [&](bool resumedOutbox, int resumed) {
        if (!resumedOutbox) {
            err << "ns-inbox send: another NS Inbox process holds this outbox and sends what it holds" << Qt::endl;
            exitCode = 1;
            QCoreApplication::exit(1);
            return;
        }
        err << "resending " << resumed << " pending row(s)" << Qt::endl;
        check.start(OutboxWorker::ScheduleCheckMs);
    });
    QObject::connect(&outbox, &OutboxService::outboxChanged, &context, [&](const QVector<OutboxEntry> &entries) {
        for (const OutboxEntry &e : entries) {
            if (e.status == OutboxStatus::Delivered)
                out << e.recipient << " delivered partition " << e.partition << " offset " << e.offset << " message " << e.messageUuid << Qt::endl;
            if (e.status == OutboxStatus::Failed) {
                out << e.recipient << " failed " << e.reason << " message " << e.messageUuid << Qt::endl;
                ++failed;
            }
        }
    });
    QObject::connect(&outbox, &OutboxService::stateChanged, &context, [&](ConnectionState state, const QString &detail) {
        err << "state: " << connectionStateName(state) << (detail.isEmpty() ? QString() : QStringLiteral(" (") + detail + QLatin1Char(')')) << Qt::endl;
    });
    QObject::connect(&check, &QTimer::timeout, &context, checkLeft);
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &context, [&] {
        const OutboxSummary left = OutboxStore(db).summary({}, &error);
        err << "gave up after " << options.timeoutSeconds << " s: " << left.pending << " pending and " << left.scheduled
            << " scheduled row(s) stay in the outbox" << Qt::endl;
        exitCode = 1;
        QCoreApplication::exit(1);
    });
    timeout.start(options.timeoutSeconds * 1000);
    outbox.start();
    QCoreApplication::exec();
    check.stop();
    outbox.stop(options.flushTimeoutMs);
    db = {};
    Database::close(connection);
    return exitCode != 0 || failed > 0 ? 1 : 0;
}

} // namespace ns
