#pragma once

#include "SavedSearchStore.h"
#include "StoreError.h"

#include <QObject>
#include <QThread>

#include <functional>

namespace ns {

/// Writes the saved searches on a thread of its own, with its own connection: the window's
/// connection is read-only and the UI thread never waits for the write lock (see StoreWriter).
/// Changes run in the order submitted; each ends with written() on the owner's thread.
class SavedSearchWriter : public QObject
{
    Q_OBJECT

public:
    /// One change, run on the writer's thread; false with `error` set when it failed.
    using Change = std::function<bool(SavedSearchStore &store, StoreError *error)>;

    explicit SavedSearchWriter(const QString &databasePath, QObject *parent = nullptr);
    ~SavedSearchWriter() override;

    void submit(Change change);
    bool isIdle() const { return m_pending == 0; }
    /// Waits (running the caller's event loop) until every change is written; false on timeout.
    bool waitForIdle(int timeoutMs = 30'000);

Q_SIGNALS:
    /// A change was written (`error` none) or failed (nothing of it was written).
    void written(const ns::StoreError &error);

private:
    QThread m_thread;
    QObject *m_worker; ///< Lives on m_thread; its connection is opened there on first use.
    QString m_path;
    QString m_connection;
    int m_pending = 0;
};

} // namespace ns
