#include "BenchTopic.h"

#include "BrokerEnvironment.h"
#include "PythonTools.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>

bool BenchTopic::fill(const QString &bootstrap, const QString &topic, int records, int partitions, const QString &workDir,
                      const Value &value, QString *error)
{
    using namespace ns;
    QString adminError;
    if (!test::PythonTools::admin(bootstrap, {QStringLiteral("create-topics"), topic}, &adminError)) {
        *error = QStringLiteral("creating %1: %2").arg(topic, adminError);
        return false;
    }
    if (partitions > 1) { // create-topics makes one partition: kafka-python adds the others.
        const test::ProcessResult grow = test::PythonTools::run(
            test::BrokerEnvironment::python(),
            {QStringLiteral("-c"), QStringLiteral("from kafka.admin import KafkaAdminClient, NewPartitions\n"
                                                  "KafkaAdminClient(bootstrap_servers='%1').create_partitions({'%2': NewPartitions(%3)})")
                                       .arg(bootstrap, topic)
                                       .arg(partitions)},
            60'000);
        if (grow.exitCode != 0) {
            *error = QStringLiteral("adding partitions: ") + grow.err;
            return false;
        }
    }
    for (int p = 0; p < partitions; ++p) {
        QFile file(QStringLiteral("%1/%2-p%3.jsonl").arg(workDir, topic).arg(p));
        if (!file.open(QIODevice::WriteOnly)) {
            *error = file.errorString();
            return false;
        }
        QRandomGenerator rng(1000 + p);
        const qint64 endMs = QDateTime::currentMSecsSinceEpoch();
        for (int i = p; i < records; i += partitions)
            file.write(value(i, rng, endMs) + '\n');
        file.close();
        QProcess kcat;
        kcat.start(QStringLiteral("kcat"), {QStringLiteral("-P"), QStringLiteral("-b"), bootstrap, QStringLiteral("-t"), topic,
                                            QStringLiteral("-p"), QString::number(p), QStringLiteral("-X"), QStringLiteral("linger.ms=20"),
                                            QStringLiteral("-X"), QStringLiteral("batch.num.messages=10000"), QStringLiteral("-l"),
                                            file.fileName()});
        if (!kcat.waitForFinished(600'000) || kcat.exitCode() != 0) {
            *error = QStringLiteral("kcat: ") + QString::fromUtf8(kcat.readAllStandardError());
            return false;
        }
        file.remove();
    }
    return true;
}
