#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

class QTimer;

namespace ns {

/// Says something to a screen reader without moving the focus: arrivals, the catch-up's progress, the
/// connection's changes. Qt 6.4 has no announcement event (QAccessibleAnnouncementEvent came in 6.8)
/// and no live-region attribute, so this is an invisible object of role Notification whose name is the
/// announcement: each announcement changes the name and says the object is showing, which AT-SPI
/// carries as `object:property-change:accessible-name` and `object:state-changed:showing`, the event
/// Orca speaks notifications on.
///
/// Never a flood: announcements closer than minIntervalMs() to the previous one wait, and only the
/// newest of those waiting is said. Never twice: the name is cleared a few seconds after it was said,
/// so a window coming back from the tray (which shows the region again) does not repeat old news.
/// Best kept out of widgets that come and go (a status bar's indicators): make it the window's.
class LiveRegion : public QWidget
{
    Q_OBJECT

public:
    explicit LiveRegion(const QString &objectName, QWidget *parent);

    /// Says `text` now, or when minIntervalMs() has passed since the last announcement (replacing any
    /// announcement still waiting). Repeating the text said last says nothing.
    void announce(const QString &text);
    static constexpr int ClearAfterMs = 5000;

    /// What the region says now: its accessible name.
    QString text() const { return m_text; }
    int minIntervalMs() const { return m_minIntervalMs; }
    void setMinIntervalMs(int ms) { m_minIntervalMs = ms; }
    /// How many announcements were said (not those replaced while waiting).
    int announcementCount() const { return m_count; }

private:
    void say();

    QString m_text;
    QString m_waiting;
    QTimer *m_delay;
    QTimer *m_clear;
    QElapsedTimer m_sinceLast;
    int m_minIntervalMs = 1000;
    int m_count = 0;
};

} // namespace ns
