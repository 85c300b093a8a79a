#include "HeadlessSend.h"

#include "Database.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "RdKafkaProducer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QTextStream>
#include <QTimer>

namespace ns {

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
            if (e.status == OutboxStatus::Pending)
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
    timeout.start(options.timeoutSeconds * 1000);

    outbox.start();
    sendClock.start();
    uuid = outbox.send(options.draft.toMessage(options.createdBy), recipients);
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
        }
        out << Qt::endl;
    }
    return undelivered == 0 ? 0 : 1;
}

} // namespace ns
