#pragma once

#include "ConnectionSettings.h"
#include "MessageDraft.h"

#include <QDateTime>
#include <QString>

namespace ns {

/// `ns-inbox send`: one message to one or many users, through the same outbox as the window.
struct HeadlessSendOptions
{
    ConnectionSettings settings;
    QString databasePath;     ///< The sender's own inbox database: its outbox is the window's.
    MessageDraft draft;
    QString createdBy;        ///< Written as created_by; the seed's default when empty.
    int timeoutSeconds = 30;  ///< Give up waiting (the rows stay pending) after this long.
    QDateTime sendAt;         ///< UTC: hold it in the outbox until then (invalid: at once).
    bool wait = false;        ///< With sendAt: stay until then and send it (else exit once it is written).
    int flushTimeoutMs = 3000;
};

/// Validates, queues and sends; prints one line per recipient on stdout:
///   `<uuid> delivered partition <p> offset <o>` | `<uuid> failed <reason>` | `<uuid> pending <reason>`.
/// Returns 0 when every recipient got it, 1 when any failed or is still pending, 2 for a bad draft.
/// With `sendAt`: `<uuid> scheduled <time>` per recipient, exit 0 once written (or, with `wait`,
/// as above once its time came and it was sent).
int runHeadlessSend(const HeadlessSendOptions &options);

/// `ns-inbox send --outbox`: sends nothing new; delivers the outbox's pending rows and its
/// scheduled ones as they come due, printing a line per row decided. Exit 0 once none is left
/// pending or scheduled, 1 at the timeout, when a row failed, or when another process holds the outbox.
int runHeadlessOutbox(const HeadlessSendOptions &options);

} // namespace ns
