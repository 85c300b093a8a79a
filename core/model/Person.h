#pragma once

#include <QString>

namespace ns {

/// Someone in the address book: a user of the web service, by the UUID their topic is named after.
struct Person
{
    QString uuid;       ///< Canonical lowercase 8-4-4-4-12: the topic.
    QString name;       ///< Display name; never empty.
    QString email;      ///< Optional.
    QString department; ///< Optional.

    friend bool operator==(const Person &, const Person &) = default;
};

} // namespace ns
