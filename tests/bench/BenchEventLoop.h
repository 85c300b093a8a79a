#pragma once
// Waiting for a condition the way a window waits: the thread sleeps in its event loop until an
// event comes. processEvents() with a time limit ignores WaitForMoreEvents and returns at once
// when nothing is pending, so a loop of it spins a whole core: on a 2-core machine that core is
// taken from the threads being measured (perf showed the bench's main thread at 70-90 % in
// g_mutex_lock/unlock and clock_gettime while the state sync applied a mark-all).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <functional>

namespace ns::bench {

/// Runs the event loop until `done()` or `timeoutMs`; true when done. `done()` is looked at after
/// every batch of events and at least every `checkEveryMs` (a timer wakes the sleeping loop).
inline bool waitUntil(const std::function<bool()> &done, qint64 timeoutMs, int checkEveryMs = 5)
{
    QElapsedTimer clock;
    clock.start();
    QTimer tick;
    tick.start(checkEveryMs);
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return done();
}

} // namespace ns::bench
