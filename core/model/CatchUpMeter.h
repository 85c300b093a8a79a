#pragma once

#include <QString>
#include <QtGlobal>

namespace ns {

/// Turns catch-up progress into what `ns-inbox ingest` writes to stderr: on a terminal one line
/// rewritten in place, otherwise (a log, a pipe) one line per tenth, so logs stay short.
class CatchUpMeter
{
public:
    explicit CatchUpMeter(bool terminal) : m_terminal(terminal) {}

    /// The text to write for a progress report at `nowMs` (any monotonic clock); may be empty.
    QString update(qint64 done, qint64 total, qint64 nowMs);

    /// "caught up 12,345 of 300,000 (4%), 1 min 10 s left"; `leftMs` < 0 leaves the time out.
    static QString describe(qint64 done, qint64 total, qint64 leftMs);
    /// "45 s", "1 min 10 s", "2 h 5 min".
    static QString duration(qint64 ms);

private:
    bool m_terminal;
    qint64 m_startDone = -1;
    qint64 m_startMs = 0;
    int m_lastTenth = -1;
};

} // namespace ns
