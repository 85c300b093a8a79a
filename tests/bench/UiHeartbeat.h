#pragma once
// The UI thread's longest stall while an action runs: a timer every 10 ms on the thread watched;
// the longest gap beyond its interval, and how much of that gap was the thread's own CPU (work of
// its own, rather than waiting for a core on a busy machine). Header-only, shared by the window
// benchmarks (bench_bulk, bench_follow).

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <ctime>

namespace ns::bench {

/// CPU time the calling thread has used, in milliseconds.
inline double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

class UiHeartbeat
{
public:
    static constexpr int IntervalMs = 10;

    UiHeartbeat()
    {
        m_timer.setInterval(IntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const double cpu = threadCpuMs();
            if (m_tick.isValid() && m_tick.elapsed() - IntervalMs > m_longestMs) {
                m_longestMs = m_tick.elapsed() - IntervalMs;
                m_longestCpuMs = cpu - m_tickCpu;
            }
            m_tick.restart();
            m_tickCpu = cpu;
        });
    }
    /// From now: the stall of whatever runs next on this thread counts (the first tick measures it).
    void start()
    {
        m_longestMs = 0;
        m_longestCpuMs = 0;
        m_cpuAtStart = threadCpuMs();
        m_tickCpu = m_cpuAtStart;
        m_tick.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 longestStallMs() const { return m_longestMs; }
    /// The thread's own CPU within the longest stall.
    double longestStallCpuMs() const { return m_longestCpuMs; }
    /// The thread's CPU since start().
    double cpuSinceStartMs() const { return threadCpuMs() - m_cpuAtStart; }

private:
    QTimer m_timer;
    QElapsedTimer m_tick;
    double m_tickCpu = 0;
    double m_cpuAtStart = 0;
    qint64 m_longestMs = 0;
    double m_longestCpuMs = 0;
};

} // namespace ns::bench
