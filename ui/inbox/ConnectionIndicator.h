#pragma once

#include "ConnectionState.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QTimer;

namespace ns {
class LiveRegion;
}

namespace ns {

/// The status bar's connection state: a coloured dot and a word, the detail in the tooltip. While
/// a broker does not respond, the words count the seconds since its last answer.
class ConnectionIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);

    void setState(ConnectionState state, const QString &detail);
    ConnectionState state() const { return m_state; }
    QString text() const;
    /// What screen readers are told of the connection: each change of state, never the ticks.
    LiveRegion *announcer() const { return m_announcer; }

    /// Green when connected, amber while on the way or waiting, red on a failure, grey when stopped.
    static QString describe(ConnectionState state);
    /// What happened in plain words, and where to look (File > Settings, Test connection): the tooltip.
    static QString explain(ConnectionState state);

private:
    void updateText();

    QLabel *m_dot;
    QLabel *m_text;
    QTimer *m_ticker;
    LiveRegion *m_announcer;
    QElapsedTimer m_since; ///< Since the state was entered.
    ConnectionState m_state = ConnectionState::Stopped;
};

} // namespace ns
