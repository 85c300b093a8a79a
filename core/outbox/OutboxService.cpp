#include "OutboxService.h"

#include <QSet>
#include <QUuid>

namespace ns {

OutboxService::OutboxService(QString databasePath, OutboxWorker::ProducerFactory factory, QObject *parent, int producerShards)
    : QObject(parent),
      m_thread(QStringLiteral("outbox"),
               std::make_unique<OutboxWorker>(std::move(databasePath), std::move(factory), nullptr, producerShards))
{
    qRegisterMetaType<ns::OutboxEntry>();
    qRegisterMetaType<QVector<ns::OutboxEntry>>();
    qRegisterMetaType<ns::ConnectionState>();
    qRegisterMetaType<ns::OutboxProgress>();
    const OutboxWorker *worker = m_thread.worker();
    connect(worker, &OutboxWorker::started, this, &OutboxService::started);
    connect(worker, &OutboxWorker::outboxChanged, this, &OutboxService::outboxChanged);
    connect(worker, &OutboxWorker::sendFailed, this, &OutboxService::sendFailed);
    connect(worker, &OutboxWorker::scheduleRefused, this, &OutboxService::scheduleRefused);
    connect(worker, &OutboxWorker::peopleImported, this, &OutboxService::peopleImported);
    connect(worker, &OutboxWorker::templateSaved, this, &OutboxService::templateSaved);
    connect(worker, &OutboxWorker::stateChanged, this, &OutboxService::stateChanged);
    connect(worker, &OutboxWorker::progressChanged, this, &OutboxService::progressChanged);
}

OutboxService::~OutboxService()
{
    stop();
}

void OutboxService::start()
{
    m_thread.start();
}

void OutboxService::stop(int flushTimeoutMs)
{
    m_thread.stop([flushTimeoutMs](OutboxWorker &worker) { worker.stop(flushTimeoutMs); });
}

QStringList OutboxService::prepare(Message &message, QStringList recipients)
{
    // One row per recipient: the table's UNIQUE (message_uuid, recipient) would refuse a repeat.
    recipients.removeDuplicates();
    if (message.uuid.isEmpty())
        message.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!message.createdDate.isValid()) {
        // Milliseconds, as the wire format carries them: what is stored equals what is sent.
        message.createdDate = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    }
    return recipients;
}

QString OutboxService::send(Message message, QStringList recipients)
{
    return sendLater(std::move(message), std::move(recipients), QDateTime());
}

QString OutboxService::sendLater(Message message, QStringList recipients, const QDateTime &sendAt)
{
    recipients = prepare(message, std::move(recipients));
    // Queued behind start() and ahead of any later stop(): the rows are written before the worker stops.
    m_thread.post([message, recipients, sendAt](OutboxWorker &worker) { worker.send(message, recipients, sendAt); });
    return message.uuid;
}

QString OutboxService::sendEach(OutboxStore::PersonalCopies copies, const QDateTime &sendAt)
{
    if (copies.isEmpty())
        return {};
    Message shared = copies.constFirst().second;
    prepare(shared, {});
    QSet<QString> seen;
    OutboxStore::PersonalCopies unique;
    for (auto &[recipient, message] : copies) {
        if (seen.contains(recipient))
            continue;
        seen.insert(recipient);
        message.uuid = shared.uuid;
        message.createdDate = shared.createdDate;
        unique.append({recipient, std::move(message)});
    }
    m_thread.post([unique, sendAt](OutboxWorker &worker) { worker.sendEach(unique, sendAt); });
    return shared.uuid;
}

void OutboxService::cancelScheduled(const QString &messageUuid)
{
    m_thread.post([messageUuid](OutboxWorker &worker) { worker.cancelScheduled(messageUuid); });
}

QString OutboxService::editScheduled(const QString &oldUuid, Message message, QStringList recipients, const QDateTime &sendAt)
{
    message.uuid.clear(); // The edit is a new message: the old one's rows stay, cancelled.
    message.createdDate = {};
    recipients = prepare(message, std::move(recipients));
    m_thread.post([oldUuid, message, recipients, sendAt](OutboxWorker &worker) {
        worker.replaceScheduled(oldUuid, message, recipients, sendAt);
    });
    return message.uuid;
}

void OutboxService::importPeople(const QVector<PeopleCsv::Row> &rows)
{
    m_thread.post([rows](OutboxWorker &worker) { worker.importPeople(rows); });
}

void OutboxService::saveTemplate(const MessageTemplate &t)
{
    m_thread.post([t](OutboxWorker &worker) { worker.saveTemplate(t); });
}

void OutboxService::setClock(OutboxWorker::Clock clock)
{
    m_thread.post([clock = std::move(clock)](OutboxWorker &worker) { worker.setClock(clock); });
}

void OutboxService::retry(const QVector<qint64> &ids)
{
    m_thread.post([ids](OutboxWorker &worker) { worker.retry(ids); });
}

} // namespace ns
