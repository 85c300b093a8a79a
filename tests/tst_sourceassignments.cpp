// The ingest consumer's assignment changes, in quick succession, on librdkafka's mock cluster.
//
// librdkafka 2.0.2 (Debian 12's) aborts the process when one partition is taken out of the
// assignment twice before the first stop has been answered: the second stop's answer fails
// `rd_kafka_assignment_partition_stopped: Assertion rktp->rktp_started` (librdkafka issue 5573,
// fixed upstream long after 2.0.2). The ingest worker changes its assignment three times in a row
// at start (the last records read again, the real positions, the fill after the newest records)
// and closes at once when nothing is waiting: cluster_leader_kill's final `ns-inbox ingest` died so.
// RdKafkaSource lets each change settle before the next; here the changes come back to back.
#include "DemoCluster.h"
#include "RdKafkaSource.h"

#include <QTest>

using namespace ns;

class TestSourceAssignments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void changesBackToBackDoNotAbort();
};

void TestSourceAssignments::changesBackToBackDoNotAbort()
{
    DemoCluster cluster(3);
    QString error;
    QVERIFY2(cluster.seed(&error), qPrintable(error));
    ConnectionSettings settings;
    settings.bootstrapServers = cluster.bootstrapServers();
    settings.userUuid = DemoCluster::demoUserUuid();
    for (int round = 0; round < 5; ++round) {
        std::unique_ptr<RdKafkaSource> source = RdKafkaSource::create(settings, &error);
        QVERIFY2(source, qPrintable(error));
        SourceProblem problem;
        QCOMPARE(source->partitionCount(settings.userUuid, 10'000, &problem), std::optional<int>(3));
        for (int change = 0; change < 4; ++change) {
            QVector<PartitionOffset> positions;
            for (int p = 0; p < 3; ++p)
                positions.append({settings.userUuid, p, change % 2 == 0 ? qint64(0) : KafkaSource::Beginning});
            QVERIFY(source->assign(positions, &problem));
        }
        // Records still come after all that, from the last assignment.
        QVector<KafkaRecord> records;
        QDeadlineTimer deadline(30'000);
        while (records.isEmpty() && !deadline.hasExpired())
            records = source->consume(100, 200);
        QVERIFY(!records.isEmpty());
        QVERIFY(source->assign({}, &problem));
        source->close();
    }
}

QTEST_GUILESS_MAIN(TestSourceAssignments)
#include "tst_sourceassignments.moc"
