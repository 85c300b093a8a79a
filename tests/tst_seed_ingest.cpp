// The seed's producer path into the store, against the real broker: kafka-python writes exactly
// what the web service's send_ns_message() writes; the ingest worker must store every good record
// once, field for field, and every bad one as rejected with its reason.
#include "BrokerEnvironment.h"
#include "IngestService.h"
#include "MessageStore.h"
#include "RdKafkaSource.h"
#include "TestInbox.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;
using ns::test::BrokerEnvironment;

namespace {

struct SentRecord
{
    int partition = -1;
    qint64 offset = -1;
    QString key;
    QJsonObject value;  ///< JSON mode only.
    QByteArray rawValue;
};

} // namespace

class TestSeedIngest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void seedMessagesLandOnceFieldForField();
    void badRecordsAreRejectedWithReasons();
    void secondRunAddsOnlyNewMessages();

private:
    QVector<SentRecord> produce(const QStringList &extraArgs);
    void ingestUntilCaughtUp();
    QHash<QPair<int, qint64>, Message> storedMessages();

    BrokerEnvironment m_broker;
    QTemporaryDir m_dir;
    QString m_topic;
    QString m_database;
    int m_reports = 0;
};

void TestSeedIngest::initTestCase()
{
    QVERIFY2(m_broker.isValid(), qPrintable(m_broker.error()));
    qInfo().noquote() << "Apache Kafka" << m_broker.kafkaVersion() << "at" << m_broker.bootstrap();
}

void TestSeedIngest::init()
{
    m_topic = BrokerEnvironment::newTopic();
    m_database = m_dir.filePath(m_topic + QStringLiteral(".sqlite"));
}

void TestSeedIngest::cleanup()
{
    QFile::remove(m_database);
}

QVector<SentRecord> TestSeedIngest::produce(const QStringList &extraArgs)
{
    const QString report = m_dir.filePath(QStringLiteral("report-%1.jsonl").arg(++m_reports));
    QProcess producer;
    producer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    producer.start(BrokerEnvironment::python(),
                   QStringList{BrokerEnvironment::script(QStringLiteral("seed_producer.py")), QStringLiteral("--bootstrap"),
                               m_broker.bootstrap(), QStringLiteral("--topic"), m_topic, QStringLiteral("--report"), report}
                       + extraArgs);
    if (!producer.waitForFinished(120'000) || producer.exitCode() != 0) {
        qWarning() << "seed_producer.py failed:" << producer.readAllStandardOutput();
        return {};
    }
    QFile file(report);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QVector<SentRecord> sent;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        SentRecord r;
        r.partition = line.value(QStringLiteral("partition")).toInt();
        r.offset = line.value(QStringLiteral("offset")).toInteger();
        r.key = line.value(QStringLiteral("key")).toString();
        r.value = line.value(QStringLiteral("value")).toObject();
        r.rawValue = QByteArray::fromBase64(line.value(QStringLiteral("value_b64")).toString().toLatin1());
        sent.append(r);
    }
    return sent;
}

void TestSeedIngest::ingestUntilCaughtUp()
{
    ConnectionSettings settings;
    settings.bootstrapServers = m_broker.bootstrap();
    settings.userUuid = m_topic;
    IngestService service(settings, m_database, RdKafkaSource::factory(settings));
    QSignalSpy caughtUp(&service, &IngestService::caughtUp);
    QSignalSpy states(&service, &IngestService::stateChanged);
    service.start();
    QVERIFY2(caughtUp.wait(60'000), "the ingest worker did not catch up within 60 s");
    service.stop();
    for (const auto &s : std::as_const(states)) {
        const auto state = s.at(0).value<ConnectionState>();
        QVERIFY2(state == ConnectionState::Connecting || state == ConnectionState::Connected || state == ConnectionState::Stopped,
                 qPrintable(connectionStateName(state) + QStringLiteral(": ") + s.at(1).toString()));
    }
}

QHash<QPair<int, qint64>, Message> TestSeedIngest::storedMessages()
{
    QHash<QPair<int, qint64>, Message> out;
    TestInbox check(m_database);
    for (const Message &m : check.store().newestMessages(1'000'000))
        out.insert({m.kafkaPartition, m.kafkaOffset}, m);
    return out;
}

void TestSeedIngest::seedMessagesLandOnceFieldForField()
{
    const QVector<SentRecord> sent = produce({QStringLiteral("--count"), QStringLiteral("300"), QStringLiteral("--partitions"),
                                              QStringLiteral("4"), QStringLiteral("--key-prefix"), QStringLiteral("k")});
    QCOMPARE(sent.size(), 300);
    ingestUntilCaughtUp();

    const auto stored = storedMessages();
    QCOMPARE(stored.size(), 300);
    QSet<int> partitions;
    for (const SentRecord &s : sent) {
        const Message m = stored.value({s.partition, s.offset});
        const QJsonObject ns = s.value.value(QStringLiteral("ns-message")).toObject();
        QCOMPARE(m.kafkaTopic, m_topic);
        QCOMPARE(m.subject, ns.value(QStringLiteral("subject")).toString());
        QCOMPARE(m.body, ns.value(QStringLiteral("body")).toString());
        QCOMPARE(m.referenceUrl, ns.value(QStringLiteral("reference_url")).toString());
        QCOMPARE(m.isActive, ns.value(QStringLiteral("is_active")).toBool());
        QCOMPARE(m.kafkaKey, std::optional<QString>(s.key));
        QCOMPARE(m.createdBy, QStringLiteral("System Account"));
        QVERIFY(m.createdDate.isValid());
        partitions.insert(s.partition);
    }
    QCOMPARE(partitions.size(), 4);
}

void TestSeedIngest::badRecordsAreRejectedWithReasons()
{
    // One record per bad-input class, between good ones, on 2 partitions.
    const QList<QPair<QByteArray, QString>> bad{
        {QByteArray("not json at all"), QStringLiteral("not_json")},
        {QByteArray("{\"ns-message\": {\"subject\": \"\xff\", \"body\": \"b\"}}"), QStringLiteral("invalid_utf8")},
        {QByteArray("[1, 2]"), QStringLiteral("not_an_object")},
        {QByteArray("{\"message\": {}}"), QStringLiteral("missing_envelope")},
        {QByteArray("{\"ns-message\": \"x\"}"), QStringLiteral("envelope_not_an_object")},
        {QByteArray("{\"ns-message\": {\"body\": \"b\"}}"), QStringLiteral("missing_subject")},
        {QByteArray("{\"ns-message\": {\"subject\": \"\", \"body\": \"b\"}}"), QStringLiteral("empty_subject")},
        {QByteArray("{\"ns-message\": {\"subject\": 5, \"body\": \"b\"}}"), QStringLiteral("subject_not_string")},
        {"{\"ns-message\": {\"subject\": \"" + QByteArray(256, 's') + "\", \"body\": \"b\"}}", QStringLiteral("subject_too_long")},
        {QByteArray("{\"ns-message\": {\"subject\": \"s\", \"body\": \"\"}}"), QStringLiteral("empty_body")},
        {QByteArray("{\"ns-message\": {\"subject\": \"s\", \"body\": \"b\", \"reference_url\": 1}}"), QStringLiteral("reference_url_not_string")},
        {QByteArray("{\"ns-message\": {\"subject\": \"s\", \"body\": \"b\", \"is_active\": \"yes\"}}"), QStringLiteral("is_active_not_boolean")},
        {QByteArray(), QStringLiteral("tombstone")},
    };
    QFile raw(m_dir.filePath(QStringLiteral("raw.jsonl")));
    QVERIFY(raw.open(QIODevice::WriteOnly));
    const QByteArray good = "{\"ns-message\": {\"subject\": \"Good\", \"body\": \"fine\", \"reference_url\": \"\", \"is_active\": true}}";
    int i = 0;
    for (const auto &[value, reason] : bad) {
        QJsonObject goodLine{{QStringLiteral("partition"), i % 2}, {QStringLiteral("key"), QStringLiteral("g%1").arg(i)},
                             {QStringLiteral("value_b64"), QString::fromLatin1(good.toBase64())}};
        QJsonObject badLine{{QStringLiteral("partition"), i % 2}, {QStringLiteral("key"), QStringLiteral("b%1").arg(i)},
                            {QStringLiteral("value_b64"), reason == QLatin1String("tombstone") ? QJsonValue() : QJsonValue(QString::fromLatin1(value.toBase64()))}};
        raw.write(QJsonDocument(goodLine).toJson(QJsonDocument::Compact) + '\n');
        raw.write(QJsonDocument(badLine).toJson(QJsonDocument::Compact) + '\n');
        ++i;
    }
    raw.close();
    const QVector<SentRecord> sent = produce({QStringLiteral("--raw-file"), raw.fileName(), QStringLiteral("--partitions"), QStringLiteral("2")});
    QCOMPARE(sent.size(), bad.size() * 2);
    ingestUntilCaughtUp();

    QCOMPARE(storedMessages().size(), bad.size());
    {
        TestInbox check(m_database);
        MessageStore &store = check.store();
        StoreError error;
        QHash<QString, QString> reasonByKey;
        for (const RejectedMessage &r : store.rejectedMessages(1000, &error))
            reasonByKey.insert(QString::fromUtf8(r.kafkaKey.value_or(QByteArray())), rejectReasonName(r.reason));
        QVERIFY2(!error.isError(), qPrintable(error.text));
        QCOMPARE(reasonByKey.size(), bad.size());
        for (int k = 0; k < bad.size(); ++k)
            QCOMPARE(reasonByKey.value(QStringLiteral("b%1").arg(k)), bad.at(k).second);
        // Every offset of both partitions is read, in one range each.
        const QHash<int, OffsetRanges> ranges = store.readRanges(m_topic, &error);
        QCOMPARE(ranges.value(0).ranges().size(), 1);
        QCOMPARE(ranges.value(1).ranges().size(), 1);
        QCOMPARE(ranges.value(0).coveredCount() + ranges.value(1).coveredCount(), bad.size() * 2);
    }
}

void TestSeedIngest::secondRunAddsOnlyNewMessages()
{
    QCOMPARE(produce({QStringLiteral("--count"), QStringLiteral("50"), QStringLiteral("--partitions"), QStringLiteral("3")}).size(), 50);
    ingestUntilCaughtUp();
    QCOMPARE(storedMessages().size(), 50);
    ingestUntilCaughtUp(); // Same topic, nothing new: nothing added.
    QCOMPARE(storedMessages().size(), 50);
    QCOMPARE(produce({QStringLiteral("--count"), QStringLiteral("20"), QStringLiteral("--start"), QStringLiteral("50"),
                      QStringLiteral("--partitions"), QStringLiteral("3")}).size(), 20);
    ingestUntilCaughtUp();
    const auto stored = storedMessages();
    QCOMPARE(stored.size(), 70);
    QSet<QString> subjects;
    for (const Message &m : stored)
        subjects.insert(m.subject.section(QLatin1Char(' '), 0, 1));
    QCOMPARE(subjects.size(), 70); // Message 0 .. Message 69, each once.
}

QTEST_GUILESS_MAIN(TestSeedIngest)
#include "tst_seed_ingest.moc"
