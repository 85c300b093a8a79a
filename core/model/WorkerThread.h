#pragma once

#include "BackgroundPriority.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <memory>

namespace ns {

/// A worker object on a thread of its own (Qt's worker-object pattern, no QThread subclass): what
/// IngestService and OutboxService share. The service connects to worker()'s signals, starts it
/// once, posts calls to it and stops it; only those calls differ between the two.
///
/// `Worker` is a QObject with a `start()` slot and a `finished()` signal that it emits once its
/// stop has closed everything in its thread; the thread ends then and deletes the worker.
template <typename Worker>
class WorkerThread
{
public:
    WorkerThread(const QString &name, std::unique_ptr<Worker> worker)
    {
        m_thread.setObjectName(name);
        worker->moveToThread(&m_thread);
        m_worker = worker.release();
        QObject::connect(&m_thread, &QThread::finished, m_worker.data(), &QObject::deleteLater);
        // Direct: the QThread object lives in the owner's thread, which is blocked in wait() by then.
        QObject::connect(m_worker.data(), &Worker::finished, &m_thread, &QThread::quit, Qt::DirectConnection);
    }

    /// The owner stops the worker first (with the call that suits it); this is the safety net.
    ~WorkerThread()
    {
        if (m_thread.isRunning()) {
            m_thread.quit();
            m_thread.wait();
        }
        // Never started: the thread's finished() never came to delete the worker.
        if (!m_started)
            delete m_worker.data();
    }

    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    /// For connecting to its signals; nullptr once the worker has been deleted.
    Worker *worker() const { return m_worker.data(); }
    bool isRunning() const { return m_thread.isRunning(); }

    /// Starts the thread and queues the worker's start(); once (a stopped worker stays stopped).
    void start()
    {
        if (m_started)
            return;
        m_started = true;
        m_thread.start();
        // First, so that what start() creates (librdkafka's threads) inherits the lower priority.
        post([](Worker &worker) {
            BackgroundPriority::applyToCurrentThread();
            worker.start();
        });
    }

    /// Queues `call(worker)` into the worker's thread, behind every call posted before it. Dropped
    /// when the worker is gone.
    template <typename Call>
    void post(Call call)
    {
        QPointer<Worker> worker = m_worker;
        if (!worker)
            return;
        QMetaObject::invokeMethod(
            worker.data(),
            [worker, call = std::move(call)] {
                if (worker)
                    call(*worker);
            },
            Qt::QueuedConnection);
    }

    /// Queues `stopCall(worker)`, which must end with the worker's finished(), and waits for the
    /// thread to end.
    template <typename Call>
    void stop(Call stopCall)
    {
        if (!m_thread.isRunning())
            return;
        if (m_worker)
            post(std::move(stopCall));
        else
            m_thread.quit();
        m_thread.wait();
    }

private:
    QThread m_thread;
    QPointer<Worker> m_worker;
    bool m_started = false;
};

} // namespace ns
