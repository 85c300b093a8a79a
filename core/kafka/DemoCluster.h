#pragma once

#include "Message.h"

#include <QString>
#include <QVector>

#include <memory>

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace ns {

/// librdkafka's in-process mock cluster, seeded with sample messages: the zero-configuration demo.
///
/// Not a stand-in for a real broker (it keeps at most 5 MiB per partition); see DESIGN.md.
class DemoCluster
{
public:
    /// The demo user's UUID, and so the topic the samples are written to.
    static QString demoUserUuid();
    /// The sample inbox: realistic messages as the seed's web service would send them.
    static QVector<Message> sampleMessages();

    /// Starts the cluster with `partitions` partitions on the demo topic; check isValid().
    explicit DemoCluster(int partitions = 3);
    ~DemoCluster();
    DemoCluster(const DemoCluster &) = delete;
    DemoCluster &operator=(const DemoCluster &) = delete;

    bool isValid() const { return m_cluster != nullptr; }
    QString errorString() const { return m_error; }
    /// A loopback address other clients (ours, kcat, kafka-python) can connect to.
    QString bootstrapServers() const;

    /// The mock cluster itself (one broker, id 1), for tests that inject broker faults with
    /// rdkafka_mock.h: rd_kafka_mock_broker_set_down(), rd_kafka_mock_broker_set_rtt()...
    rd_kafka_mock_cluster_s *mockCluster() const { return m_cluster; }

    /// Produces raw values to the demo topic, waiting for every delivery; false on any failure.
    bool produce(const QVector<QByteArray> &values, QString *error);
    /// Produces sampleMessages() as the seed would (JSON, no key).
    bool seed(QString *error);

private:
    rd_kafka_s *m_handle = nullptr;
    rd_kafka_mock_cluster_s *m_cluster = nullptr;
    QString m_error;
};

} // namespace ns
