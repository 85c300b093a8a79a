#pragma once

#include <QObject>

class QTimer;

namespace ns {

/// When a message shown in the reading pane counts as read: only after it stayed shown for a
/// while, as in Thunderbird and Outlook. The message a triage step (Archive, Snooze) selects next
/// is shown but not read; opening it (Return, double-click) marks it read at once instead.
///
/// The delay is the setting `reading/markReadDelayMs` (milliseconds): 0 marks a shown message
/// read at once (the old behaviour), a negative value never (only opening or M does), absent
/// means DefaultMs. It is read each time a message is shown, so a change applies at once.
class ReadDelay : public QObject
{
    Q_OBJECT

public:
    /// Two seconds: these are notifications (a subject and a few lines), read in a glance, so a
    /// message looked at that long has been read; a message only passed through while archiving
    /// or snoozing (a keystroke a second or faster) is not. Thunderbird's and Outlook's 5 s suit
    /// long mail, and would leave short notices that were read still unread.
    static constexpr int DefaultMs = 2000;
    /// The QSettings key of the delay.
    static QString settingsKey();
    /// The delay the settings ask for (DefaultMs when unset or not a number).
    static int configuredMs();

    explicit ReadDelay(QObject *parent = nullptr);

    /// `id` is shown now: it becomes due after the delay (at once when the delay is 0, never
    /// when it is negative). Whatever waited before is forgotten.
    void shown(qint64 id);
    /// Nothing is shown any more, or the person decided on its read state (M, R, U, opened).
    void cancel();
    /// The message waiting to become read, 0 when none.
    qint64 pendingId() const { return m_pending; }

Q_SIGNALS:
    /// `id` was shown for the whole delay: it is read now.
    void due(qint64 id);

private:
    QTimer *m_timer;
    qint64 m_pending = 0;
};

} // namespace ns
