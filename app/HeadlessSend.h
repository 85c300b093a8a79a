#pragma once

#include "ConnectionSettings.h"
#include "MessageDraft.h"

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
    int flushTimeoutMs = 3000;
};

/// Validates, queues and sends; prints one line per recipient on stdout:
///   `<uuid> delivered partition <p> offset <o>` | `<uuid> failed <reason>` | `<uuid> pending <reason>`.
/// Returns 0 when every recipient got it, 1 when any failed or is still pending, 2 for a bad draft.
int runHeadlessSend(const HeadlessSendOptions &options);

} // namespace ns
