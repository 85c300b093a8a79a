#include "Logging.h"

Q_LOGGING_CATEGORY(lcKafka, "ns.kafka", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "ns.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "ns.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "ns.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "ns.app", QtInfoMsg)
