#pragma once

namespace ns {

/// Gives the calling thread a lower CPU priority than the UI thread, so that a busy worker (a
/// catch-up storing 10,000 messages a second, librdkafka's threads it starts, a long count) never
/// makes the window wait for one of the machine's cores.
///
/// On Linux a nice value belongs to a thread (setpriority() with the thread's id), and the threads
/// it creates inherit it: librdkafka's threads made by a worker run at the worker's priority.
/// QThread::setPriority() cannot do this: under SCHED_OTHER, Linux ignores pthread priorities.
/// Elsewhere this does nothing.
class BackgroundPriority
{
public:
    /// How much nicer workers are by default: a busy worker yields to the UI thread (nice 0)
    /// whenever both want a core, and still gets a core when the UI thread is idle. Not more: at
    /// +10 a catch-up beside a dozen busy processes (a build) got 22 s of CPU in 9 minutes (a
    /// nice-10 thread weighs a tenth of a nice-0 one), at +5 a third.
    static constexpr int DefaultNice = 5;

    /// How much nicer than the UI thread workers are: NS_INBOX_WORKER_NICE when set (0 turns it
    /// off, for measuring the difference), else DefaultNice.
    static int configuredNice();
    /// Lowers the calling thread's priority by configuredNice() from what it inherited (at most
    /// to 19); once per thread. False when the system refused.
    static bool applyToCurrentThread();
};

} // namespace ns
