#pragma once

#include <QString>

namespace ns {

/// Why a search query does not parse: a sentence a person understands, and where (to underline it).
struct SearchParseError
{
    QString message;   ///< Empty: no error.
    int position = -1; ///< QString index in the query text.
    int length = 0;

    bool isError() const { return !message.isEmpty(); }
};

} // namespace ns
