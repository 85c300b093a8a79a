#pragma once

#include "InboxCommand.h"
#include "StoreError.h"

#include <QObject>
#include <QVector>

class QTimer;

namespace ns {

class MessageIndex;
class StoreWriter;

/// Brings snoozed messages back when their time comes: a timer on the UI thread set to the
/// earliest wake-up time in the store (MessageIndex::nextWake), which calls wakeDue and tells
/// who came back. Re-armed after every change of the snoozes (rearm()) and at start, so messages
/// whose time passed while the app was closed come back as soon as the event loop runs.
///
/// The timer never waits more than MaxWaitMs at a time: a timer does not count the time a laptop
/// sleeps, and the wall clock may be set; a look at the partial index once a minute is nothing.
/// Waking writes nothing to the state topic: every desktop wakes a message by the same clock.
/// The wake itself is a command for the StoreWriter (the UI thread only reads the store).
class SnoozeWaker : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxWaitMs = 60'000;

    /// Arms itself at once (an event-loop turn later, so listeners can connect first).
    SnoozeWaker(MessageIndex *index, StoreWriter *writer, QObject *parent = nullptr);

    /// When the timer fires next (ms since the epoch), or 0 when nothing is snoozed.
    qint64 nextWakeMs() const { return m_nextWake; }
    bool isArmed() const;

public Q_SLOTS:
    /// Reads the earliest wake-up time again and sets the timer to it (after a snooze, an
    /// unsnooze, an archive, states from elsewhere).
    void rearm();
    /// Wakes what is due now (through the writer), then re-arms.
    void wakeDue();

Q_SIGNALS:
    /// These messages are back in the inbox, unread (ids ascending).
    void woke(const QVector<qint64> &ids);
    /// The store could not be read or written; tried again at the next re-arm or tick.
    void failed(const ns::StoreError &error);

private:
    void onCommandFinished(const ns::InboxCommandResult &result);

    MessageIndex *m_index;
    StoreWriter *m_writer;
    qint64 m_waking = 0; ///< The serial of the wake in progress, 0 when none.
    QTimer *m_timer;
    qint64 m_nextWake = 0;
};

} // namespace ns
