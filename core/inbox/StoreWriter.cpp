#include "StoreWriter.h"

#include "StoreWriterWorker.h"

#include <QEventLoop>
#include <QMetaObject>
#include <QPointer>
#include <QTimer>

namespace ns {

StoreWriter::StoreWriter(const QString &databasePath, QObject *parent) : QObject(parent)
{
    qRegisterMetaType<InboxCommandResult>();
    QPointer<StoreWriter> self(this);
    m_worker = new StoreWriterWorker(databasePath, [self](const InboxCommandResult &result) {
        // From the writer thread to the writer's owner; dropped once the writer is gone.
        QMetaObject::invokeMethod(
            self.data(),
            [self, result] {
                if (self)
                    self->finish(result);
            },
            Qt::QueuedConnection);
    });
    m_thread.setObjectName(QStringLiteral("store-writer"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StoreWriter::~StoreWriter()
{
    // What was submitted is written before the thread ends (a person's last click is not lost).
    StoreWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker] {
            worker->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
}

qint64 StoreWriter::submit(InboxCommand command)
{
    command.serial = m_nextSerial++;
    ++m_pending;
    StoreWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, command] { worker->enqueue(command); }, Qt::QueuedConnection);
    return command.serial;
}

bool StoreWriter::waitForIdle(int timeoutMs)
{
    if (m_pending == 0)
        return true;
    QEventLoop loop;
    connect(this, &StoreWriter::idle, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return m_pending == 0;
}

void StoreWriter::finish(const InboxCommandResult &result)
{
    if (result.partial) {
        Q_EMIT sliceWritten(result.serial, result.kind);
        return;
    }
    --m_pending;
    Q_EMIT commandFinished(result);
    if (m_pending == 0)
        Q_EMIT idle();
}

} // namespace ns
