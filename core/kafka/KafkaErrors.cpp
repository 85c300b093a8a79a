#include "KafkaErrors.h"

namespace ns {

ConnectionState connectionStateForError(RdKafka::ErrorCode code)
{
    switch (code) {
    case RdKafka::ERR__AUTHENTICATION:
    case RdKafka::ERR_SASL_AUTHENTICATION_FAILED:
    case RdKafka::ERR_UNSUPPORTED_SASL_MECHANISM:
    case RdKafka::ERR_ILLEGAL_SASL_STATE:
        return ConnectionState::AuthenticationFailed;
    case RdKafka::ERR__SSL:
        return ConnectionState::TlsFailed;
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
    case RdKafka::ERR_GROUP_AUTHORIZATION_FAILED:
    case RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RdKafka::ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
        return ConnectionState::NotAuthorized;
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR__UNKNOWN_PARTITION:
        return ConnectionState::TopicMissing;
    default:
        return ConnectionState::BrokerUnreachable;
    }
}

} // namespace ns
