#pragma once

#include <QObject>

class QWidget;

namespace app {

/// For the start-up benchmark (tests/bench/bench_startup): when NS_INBOX_STARTUP_PROBE is set,
/// prints "ns-inbox: first paint" on standard output once the window has painted for the first
/// time (rows included: the list's model is read while painting) and ends the session. Without the
/// variable it does nothing; a value ending in .png also saves that first frame there. The benchmark times the line from its own start of the process, so
/// loading the libraries counts too.
class StartupProbe : public QObject
{
    Q_OBJECT

public:
    /// Watches `window` if the environment asks for it.
    static void installIfRequested(QWidget *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit StartupProbe(QWidget *window);
    bool m_painted = false;
};

} // namespace app
