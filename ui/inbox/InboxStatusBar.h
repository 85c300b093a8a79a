#pragma once

#include <QObject>

class QLabel;
class QStatusBar;

namespace ns {

class CatchUpIndicator;
class ConnectionIndicator;
class InboxController;
class IngestService;
class StateSyncService;
class SyncIndicator;
class UndoOffer;

/// The window's status bar: messages from every part, and at its right end the undo offer, the
/// catch-up's progress, the view's count, the state sync and the connection, in that order.
class InboxStatusBar : public QObject
{
    Q_OBJECT

public:
    InboxStatusBar(QStatusBar *bar, InboxController *controller, QObject *parent);

    ConnectionIndicator *connection() const { return m_connection; }
    SyncIndicator *sync() const { return m_sync; }
    CatchUpIndicator *catchUp() const { return m_catchUp; }

    /// Shows `ingest`'s catch-up progress (the connection goes through the window, the empty list
    /// says it too).
    void follow(IngestService *ingest);
    void follow(StateSyncService *sync);

public Q_SLOTS:
    void showMessage(const QString &text, int timeoutMs);

private:
    QStatusBar *m_bar;
    UndoOffer *m_undoOffer;
    CatchUpIndicator *m_catchUp;
    QLabel *m_countLabel;
    SyncIndicator *m_sync;
    ConnectionIndicator *m_connection;
};

} // namespace ns
