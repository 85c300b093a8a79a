#pragma once

#include <QString>

namespace ns {

/// A search kept as a folder (issue 22): a name the person chose and the query it runs.
struct SavedSearch
{
    qint64 id = 0;     ///< Local row id.
    QString uuid;      ///< The same saved search on every desktop of the user.
    QString name;
    QString query;     ///< In the query language (SearchQuery); without in: it searches every folder.
    int position = 0;  ///< Its place in the folder list, from 0.

    friend bool operator==(const SavedSearch &, const SavedSearch &) = default;
};

} // namespace ns
