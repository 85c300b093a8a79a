#include "InboxSort.h"

namespace ns {

QString inboxSortKeyName(InboxSortKey key)
{
    switch (key) {
    case InboxSortKey::Date: return QStringLiteral("date");
    case InboxSortKey::Subject: return QStringLiteral("subject");
    case InboxSortKey::Sender: return QStringLiteral("sender");
    case InboxSortKey::Unread: return QStringLiteral("unread");
    }
    return QStringLiteral("date");
}

bool inboxSortKeyFromName(const QString &name, InboxSortKey *key)
{
    for (InboxSortKey k : {InboxSortKey::Date, InboxSortKey::Subject, InboxSortKey::Sender, InboxSortKey::Unread}) {
        if (name.compare(inboxSortKeyName(k), Qt::CaseInsensitive) == 0) {
            *key = k;
            return true;
        }
    }
    return false;
}

} // namespace ns
