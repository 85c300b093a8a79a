#pragma once

#include <QLoggingCategory>

// One category per subsystem, so `QT_LOGGING_RULES="ns.kafka.debug=true"` turns on just one.
Q_DECLARE_LOGGING_CATEGORY(lcKafka)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
