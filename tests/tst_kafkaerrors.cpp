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
    void userTextForError_data();
    void userTextForError();
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

// userTextForError(): librdkafka's words as the status bar shows them, reworded only where they mislead.
void TestKafkaErrors::userTextForError_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("librdkafka");
    QTest::addColumn<QString>("shown");

    // A frozen Kafka 4.1 node (SIGSTOP: the kernel still accepts the connection), as CI's cluster_freeze
    // saw it: not a broker older than 0.10.
    QTest::newRow("frozen broker: ApiVersion timed out")
        << static_cast<int>(RdKafka::ERR__TRANSPORT)
        << QStringLiteral("127.0.0.1:42755/1: ApiVersionRequest failed: Local: Timed out: probably due to broker version < 0.10 "
                          "(see api.version.request configuration) (after 10013ms in state APIVERSION_QUERY)")
        << QStringLiteral("127.0.0.1:42755/1: connected, but the broker did not answer in 10 s "
                          "(it may be stopped or overloaded, or this port is not a Kafka listener)");
    QTest::newRow("frozen broker, no time given")
        << static_cast<int>(RdKafka::ERR__TRANSPORT)
        << QStringLiteral("kafka:9092/bootstrap: ApiVersionRequest failed: Local: Timed out: probably due to broker version < 0.10 "
                          "(see api.version.request configuration)")
        << QStringLiteral("kafka:9092/bootstrap: connected, but the broker did not answer "
                          "(it may be stopped or overloaded, or this port is not a Kafka listener)");
    // Everything else keeps librdkafka's words.
    const auto same = [](const char *name, RdKafka::ErrorCode code, const QString &text) {
        QTest::newRow(name) << static_cast<int>(code) << text << text;
    };
    same("other ApiVersion failure", RdKafka::ERR__TRANSPORT,
         QStringLiteral("kafka:9092/1: ApiVersionRequest failed: Local: Read underflow: probably due to broker version < 0.10 "
                        "(see api.version.request configuration) (after 3ms in state APIVERSION_QUERY)"));
    same("connection refused", RdKafka::ERR__TRANSPORT,
         QStringLiteral("127.0.0.1:42755/1: Connect to ipv4#127.0.0.1:42755 failed: Connection refused (after 0ms in state CONNECT)"));
    same("all brokers down", RdKafka::ERR__ALL_BROKERS_DOWN, QStringLiteral("3/3 brokers are down"));
    same("SASL", RdKafka::ERR__AUTHENTICATION,
         QStringLiteral("SASL authentication error: Authentication failed: Invalid username or password (after 5ms in state AUTH_REQ)"));
}

void TestKafkaErrors::userTextForError()
{
    QFETCH(int, code);
    QFETCH(QString, librdkafka);
    QFETCH(QString, shown);
    // A reworded text keeps librdkafka's original in the log (the test fails if it is not logged).
    if (shown != librdkafka)
        QTest::ignoreMessage(QtInfoMsg, qPrintable(QStringLiteral("librdkafka: ") + librdkafka));
    QCOMPARE(ns::userTextForError(static_cast<RdKafka::ErrorCode>(code), librdkafka.toStdString()), shown);
}

QTEST_GUILESS_MAIN(TestKafkaErrors)
#include "tst_kafkaerrors.moc"
