#include "KafkaStatistics.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ns {

BrokerLiveness brokerLivenessFromStatistics(const QByteArray &json)
{
    BrokerLiveness liveness;
    const QJsonObject brokers = QJsonDocument::fromJson(json).object().value(QLatin1String("brokers")).toObject();
    for (auto it = brokers.constBegin(); it != brokers.constEnd(); ++it) {
        const QJsonObject broker = it.value().toObject();
        const QString source = broker.value(QLatin1String("source")).toString();
        if (source == QLatin1String("logical") || source == QLatin1String("internal"))
            continue;
        ++liveness.brokers;
        if (broker.value(QLatin1String("state")).toString() != QLatin1String("UP"))
            continue;
        ++liveness.up;
        const qint64 rxIdleUs = broker.value(QLatin1String("rxidle")).toInteger(-1);
        if (broker.value(QLatin1String("waitresp_cnt")).toInt() <= 0 || rxIdleUs < 0)
            continue;
        const qint64 silentMs = rxIdleUs / 1000;
        if (liveness.silentBroker.isEmpty() || silentMs > liveness.silentMs) {
            liveness.silentBroker = broker.value(QLatin1String("name")).toString();
            liveness.silentMs = silentMs;
        }
    }
    return liveness;
}

} // namespace ns
