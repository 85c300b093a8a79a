#include "OutboxService.h"


#include <QUuid>

namespace ns {

OutboxService::OutboxService(QString databasePath, OutboxWorker::ProducerFactory factory, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ns::OutboxEntry>();
    qRegisterMetaType<QVector<ns::OutboxEntry>>();
    qRegisterMetaType<ns::ConnectionState>();
    qRegisterMetaType<ns::OutboxProgress>();
    m_thread.setObjectName(QStringLiteral("outbox"));
    auto *worker = new OutboxWorker(std::move(databasePath), std::move(factory));
    worker->moveToThread(&m_thread);
    m_worker = worker;
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    // Direct: the QThread object lives in the owner's thread, which is blocked in wait() by then.
    connect(worker, &OutboxWorker::finished, &m_thread, &QThread::quit, Qt::DirectConnection);
    connect(worker, &OutboxWorker::started, this, &OutboxService::started);
    connect(worker, &OutboxWorker::outboxChanged, this, &OutboxService::outboxChanged);
    connect(worker, &OutboxWorker::sendFailed, this, &OutboxService::sendFailed);
    connect(worker, &OutboxWorker::stateChanged, this, &OutboxService::stateChanged);
    connect(worker, &OutboxWorker::progressChanged, this, &OutboxService::progressChanged);
}

OutboxService::~OutboxService()
{
    stop();
    // Never started (a window whose user is no administrator and has nothing pending): the
    // thread's finished() never came to delete the worker.
    if (!m_started)
        delete m_worker.data();
}

void OutboxService::start()
{
    if (m_thread.isRunning() || m_started)
        return;
    m_started = true;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &OutboxWorker::start, Qt::QueuedConnection);
}

void OutboxService::stop(int flushTimeoutMs)
{
    if (!m_thread.isRunning())
        return;
    if (m_worker) {
        QPointer<OutboxWorker> worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, flushTimeoutMs] { worker->stop(flushTimeoutMs); }, Qt::QueuedConnection);
    } else {
        m_thread.quit();
    }
    m_thread.wait();
}

QString OutboxService::send(Message message, QStringList recipients)
{
    // One row per recipient: the table's UNIQUE (message_uuid, recipient) would refuse a repeat.
    recipients.removeDuplicates();
    if (message.uuid.isEmpty())
        message.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!message.createdDate.isValid()) {
        // Milliseconds, as the wire format carries them: what is stored equals what is sent.
        message.createdDate = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    }
    QPointer<OutboxWorker> worker = m_worker;
    // Queued behind start() and ahead of any later stop(): the rows are written before the worker stops.
    QMetaObject::invokeMethod(worker, [worker, message, recipients] { worker->send(message, recipients); }, Qt::QueuedConnection);
    return message.uuid;
}

void OutboxService::retry(const QVector<qint64> &ids)
{
    QPointer<OutboxWorker> worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, ids] { worker->retry(ids); }, Qt::QueuedConnection);
}


} // namespace ns
