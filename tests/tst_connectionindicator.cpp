// The status bar's connection indicator: a broker that does not respond is shown with the seconds
// since its last answer, counting on while it stays silent; any other state stops the count.
#include "ConnectionIndicator.h"

#include <QTest>

using namespace ns;

class TestConnectionIndicator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void notRespondingCountsTheSilence();
    void otherStatesShowTheirWord();
};

void TestConnectionIndicator::notRespondingCountsTheSilence()
{
    ConnectionIndicator indicator;
    indicator.setState(ConnectionState::Connected, {});
    QCOMPARE(indicator.text(), QStringLiteral("Connected"));

    // Entered once the broker has been silent for BrokerSilenceLimitMs.
    indicator.setState(ConnectionState::BrokerNotResponding, QStringLiteral("no answer from 127.0.0.1:9092/1 for 5 s"));
    QCOMPARE(indicator.text(), QStringLiteral("Broker not responding (no answer for %1 s)").arg(BrokerSilenceLimitMs / 1000));
    QVERIFY(indicator.toolTip().contains(QStringLiteral("127.0.0.1:9092/1")));
    QTRY_COMPARE_WITH_TIMEOUT(indicator.text(),
                              QStringLiteral("Broker not responding (no answer for %1 s)").arg(BrokerSilenceLimitMs / 1000 + 1),
                              5000);

    indicator.setState(ConnectionState::Connected, {});
    QCOMPARE(indicator.text(), QStringLiteral("Connected"));
}

void TestConnectionIndicator::otherStatesShowTheirWord()
{
    ConnectionIndicator indicator;
    indicator.setState(ConnectionState::BrokerUnreachable, QStringLiteral("Local: All broker connections are down"));
    QCOMPARE(indicator.text(), QStringLiteral("Broker unreachable"));
    QCOMPARE(indicator.toolTip(), QStringLiteral("Broker unreachable: Local: All broker connections are down"));
}

QTEST_MAIN(TestConnectionIndicator)
#include "tst_connectionindicator.moc"
