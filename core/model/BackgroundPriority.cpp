#include "BackgroundPriority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ns {

int BackgroundPriority::configuredNice()
{
    bool ok = false;
    const int nice = qEnvironmentVariableIntValue("NS_INBOX_WORKER_NICE", &ok);
    return ok ? qBound(0, nice, 19) : DefaultNice;
}

bool BackgroundPriority::applyToCurrentThread()
{
#ifdef Q_OS_LINUX
    const int nice = configuredNice();
    if (nice == 0)
        return true;
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    // Relative to what the thread inherited (the UI thread's value): an app started with nice 5
    // gets workers at 15, and lowering never needs a privilege that raising would.
    errno = 0;
    const int inherited = getpriority(PRIO_PROCESS, tid);
    if (inherited == -1 && errno != 0)
        return false;
    return setpriority(PRIO_PROCESS, tid, qMin(19, inherited + nice)) == 0;
#else
    return true;
#endif
}

} // namespace ns
