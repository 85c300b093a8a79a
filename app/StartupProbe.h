#pragma once

#include <QObject>

namespace ns {
class MainWindow;
}

namespace app {

/// Watches for the window's first painted frame (rows included: the list's model is read while
/// painting) and then logs one line (ns.app): "window shown: N messages stored, first paint T ms
/// after the process started". A slow start then shows in the user's log, and the window kill test
/// (tests/faults/window_kill_test.py) sees the window up and what it holds.
///
/// For the start-up benchmark (tests/bench/bench_startup): when NS_INBOX_STARTUP_PROBE is set, it
/// also prints "ns-inbox: first paint" on standard output and ends the session; a value ending in
/// .png also saves that first frame there. The benchmark times the line from its own start of the
/// process, so loading the libraries counts too.
class StartupProbe : public QObject
{
    Q_OBJECT

public:
    /// Watches `window` (and is deleted with it).
    static void install(ns::MainWindow *window);

    /// Milliseconds since this process started (exec, library loading included), to the kernel's
    /// clock tick (10 ms); -1 where the process's start time cannot be read.
    static qint64 processAgeMs();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit StartupProbe(ns::MainWindow *window);
    void reportFirstPaint();

    ns::MainWindow *m_window;
    bool m_painted = false;
};

} // namespace app
