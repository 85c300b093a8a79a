// connectionStateForError(): the one mapping from a librdkafka error to what the status bar says,
// shared by the consumer, the producer and the connection probe.
#include "KafkaErrors.h"

#include <QTest>

using namespace ns;

class TestKafkaErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stateForError_data();
    void stateForError();
};

void TestKafkaErrors::stateForError_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<ConnectionState>("expected");

    const auto row = [](RdKafka::ErrorCode code, ConnectionState state) {
        QTest::newRow(RdKafka::err2str(code).c_str()) << static_cast<int>(code) << state;
    };
    // A password, mechanism or SASL exchange the broker refused.
    row(RdKafka::ERR__AUTHENTICATION, ConnectionState::AuthenticationFailed);
    row(RdKafka::ERR_SASL_AUTHENTICATION_FAILED, ConnectionState::AuthenticationFailed);
    row(RdKafka::ERR_UNSUPPORTED_SASL_MECHANISM, ConnectionState::AuthenticationFailed);
    row(RdKafka::ERR_ILLEGAL_SASL_STATE, ConnectionState::AuthenticationFailed);
    // Certificates, host names, a plain-text port.
    row(RdKafka::ERR__SSL, ConnectionState::TlsFailed);
    // Signed in, but ACLs say no.
    row(RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED, ConnectionState::NotAuthorized);
    row(RdKafka::ERR_GROUP_AUTHORIZATION_FAILED, ConnectionState::NotAuthorized);
    row(RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED, ConnectionState::NotAuthorized);
    row(RdKafka::ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED, ConnectionState::NotAuthorized);
    // The user's topic is not there (yet).
    row(RdKafka::ERR_UNKNOWN_TOPIC_OR_PART, ConnectionState::TopicMissing);
    row(RdKafka::ERR__UNKNOWN_TOPIC, ConnectionState::TopicMissing);
    row(RdKafka::ERR__UNKNOWN_PARTITION, ConnectionState::TopicMissing);
    // Everything that only says the broker is not answering.
    row(RdKafka::ERR__TRANSPORT, ConnectionState::BrokerUnreachable);
    row(RdKafka::ERR__ALL_BROKERS_DOWN, ConnectionState::BrokerUnreachable);
    row(RdKafka::ERR__TIMED_OUT, ConnectionState::BrokerUnreachable);
    row(RdKafka::ERR__RESOLVE, ConnectionState::BrokerUnreachable);
    row(RdKafka::ERR_REQUEST_TIMED_OUT, ConnectionState::BrokerUnreachable);
    row(RdKafka::ERR_NOT_LEADER_FOR_PARTITION, ConnectionState::BrokerUnreachable);
}

void TestKafkaErrors::stateForError()
{
    QFETCH(int, code);
    QFETCH(ConnectionState, expected);
    QCOMPARE(connectionStateForError(static_cast<RdKafka::ErrorCode>(code)), expected);
}

QTEST_GUILESS_MAIN(TestKafkaErrors)
#include "tst_kafkaerrors.moc"
