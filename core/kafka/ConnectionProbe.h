#pragma once

#include "ConnectionSettings.h"
#include "ProbeReport.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace ns {

/// The "Test connection" button's work: tries each step a client goes through and says which one failed.
///
/// Name resolution (getaddrinfo), TCP connection, TLS handshake (QSslSocket for the details of a refused
/// certificate, then librdkafka's own verdict), SASL authentication and access to the user's topic
/// (metadata, then a fetch, as librdkafka does it). Runs in a thread of its own: never blocks the caller.
class ConnectionProbe : public QObject
{
    Q_OBJECT

public:
    using Progress = std::function<void(const ProbeReport::StepResult &)>;

    explicit ConnectionProbe(QObject *parent = nullptr);
    /// Cancels a running probe and waits for it: every step checks for cancellation at least every 0.5 s.
    ~ConnectionProbe() override;

    /// Starts a probe with `settings` (password included); ignored while one is running.
    void start(const ConnectionSettings &settings);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

    /// The probe itself, synchronously; `progress` is called in the calling thread after each step.
    static ProbeReport run(const ConnectionSettings &settings, const std::atomic<bool> &cancelled, const Progress &progress = {});

Q_SIGNALS:
    void stepFinished(const ns::ProbeReport::StepResult &result);
    void finished(const ns::ProbeReport &report);

private:
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancelled;
};

} // namespace ns
