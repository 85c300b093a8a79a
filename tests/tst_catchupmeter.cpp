// CatchUpMeter: the progress line of `ns-inbox ingest`, on a terminal and in a log.
#include "CatchUpMeter.h"

#include <QTest>

using namespace ns;

class TestCatchUpMeter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describe_data();
    void describe();
    void terminalRewritesOneLine();
    void logGetsOneLinePerTenth();
};

void TestCatchUpMeter::describe_data()
{
    QTest::addColumn<qint64>("done");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("leftMs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("issue's example") << qint64(12345) << qint64(300000) << qint64(70'000)
                                     << QStringLiteral("caught up 12,345 of 300,000 (4%), 1 min 10 s left");
    QTest::newRow("time unknown") << qint64(200) << qint64(1000) << qint64(-1) << QStringLiteral("caught up 200 of 1,000 (20%)");
    QTest::newRow("seconds, rounded up") << qint64(1) << qint64(3) << qint64(1'200) << QStringLiteral("caught up 1 of 3 (33%), 2 s left");
    QTest::newRow("hours") << qint64(0) << qint64(10'000'000) << qint64(2 * 3600'000 + 5 * 60'000)
                           << QStringLiteral("caught up 0 of 10,000,000 (0%), 2 h 5 min left");
    QTest::newRow("done: no time left shown") << qint64(50) << qint64(50) << qint64(0) << QStringLiteral("caught up 50 of 50 (100%)");
}

void TestCatchUpMeter::describe()
{
    QFETCH(qint64, done);
    QFETCH(qint64, total);
    QFETCH(qint64, leftMs);
    QFETCH(QString, expected);
    QCOMPARE(CatchUpMeter::describe(done, total, leftMs), expected);
}

void TestCatchUpMeter::terminalRewritesOneLine()
{
    CatchUpMeter meter(true);
    QCOMPARE(meter.update(200, 1000, 0), QStringLiteral("\rcaught up 200 of 1,000 (20%)\x1b[K"));
    // 200 more in 1 s: 600 left at 200/s.
    QCOMPARE(meter.update(400, 1000, 1000), QStringLiteral("\rcaught up 400 of 1,000 (40%), 3 s left\x1b[K"));
    QCOMPARE(meter.update(1000, 1000, 2000), QStringLiteral("\rcaught up 1,000 of 1,000 (100%)\x1b[K\n"));
}

void TestCatchUpMeter::logGetsOneLinePerTenth()
{
    CatchUpMeter meter(false);
    QStringList lines;
    for (qint64 done = 0; done <= 1000; done += 25) {
        const QString text = meter.update(done, 1000, done);
        if (!text.isEmpty()) {
            QVERIFY(text.endsWith(QLatin1Char('\n')));
            lines.append(text.trimmed());
        }
    }
    QCOMPARE(lines.size(), 11); // 0%, 10%, ..., 100%
    QCOMPARE(lines.constLast(), QStringLiteral("caught up 1,000 of 1,000 (100%)"));
    QVERIFY(lines.at(5).startsWith(QStringLiteral("caught up 500 of 1,000 (50%), ")));
}

QTEST_GUILESS_MAIN(TestCatchUpMeter)
#include "tst_catchupmeter.moc"
