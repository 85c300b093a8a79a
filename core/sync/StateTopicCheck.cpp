#include "StateTopicCheck.h"

namespace ns {

QString stateTopicOutcomeName(StateTopicCheck::Outcome outcome)
{
    switch (outcome) {
    case StateTopicCheck::Outcome::Created: return QStringLiteral("created");
    case StateTopicCheck::Outcome::Existed: return QStringLiteral("existed");
    case StateTopicCheck::Outcome::NotAllowed: return QStringLiteral("not allowed");
    case StateTopicCheck::Outcome::Unusable: return QStringLiteral("unusable");
    case StateTopicCheck::Outcome::Unreachable: return QStringLiteral("unreachable");
    }
    return QStringLiteral("unknown");
}

} // namespace ns
