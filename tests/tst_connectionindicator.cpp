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
    void theTooltipSaysWhatToDo();
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
    QCOMPARE(indicator.toolTip(), ConnectionIndicator::explain(ConnectionState::BrokerUnreachable)
                                      + QStringLiteral("\nDetail: Local: All broker connections are down"));
}

// Issue 27: the tooltip of an unreachable server was the client's own text ("metadata request failed:
// Local: Broker transport failure"). It says in plain words what happened and where to look; the raw
// text follows as a detail, last.
void TestConnectionIndicator::theTooltipSaysWhatToDo()
{
    ConnectionIndicator indicator;
    const QString raw = QStringLiteral("metadata request failed: Local: Broker transport failure");
    indicator.setState(ConnectionState::BrokerUnreachable, raw);
    const QStringList lines = indicator.toolTip().split(QLatin1Char('\n'));
    QVERIFY2(lines.size() >= 3, qPrintable(indicator.toolTip()));
    QVERIFY2(lines.constFirst().startsWith(QStringLiteral("The server cannot be reached")), qPrintable(lines.constFirst()));
    QVERIFY2(!lines.constFirst().contains(QStringLiteral("metadata")) && !lines.constFirst().contains(QStringLiteral("Local:")),
             qPrintable(lines.constFirst()));
    QVERIFY2(indicator.toolTip().contains(QStringLiteral("File > Settings")) && indicator.toolTip().contains(QStringLiteral("Test connection")),
             qPrintable(indicator.toolTip()));
    QCOMPARE(lines.constLast(), QStringLiteral("Detail: ") + raw);
    QCOMPARE(indicator.accessibleDescription(), indicator.toolTip());

    // Every state has words of its own; every failure names where to look.
    for (int s = int(ConnectionState::Stopped); s <= int(ConnectionState::StorageError); ++s) {
        const auto state = ConnectionState(s);
        indicator.setState(state, QString());
        QVERIFY2(!indicator.toolTip().isEmpty(), qPrintable(ConnectionIndicator::describe(state)));
        const bool failure = state == ConnectionState::BrokerUnreachable || state == ConnectionState::BrokerNotResponding
            || state == ConnectionState::AuthenticationFailed || state == ConnectionState::TlsFailed
            || state == ConnectionState::NotAuthorized;
        if (failure)
            QVERIFY2(indicator.toolTip().contains(QStringLiteral("File > Settings")), qPrintable(indicator.toolTip()));
        QVERIFY2(!indicator.toolTip().contains(QStringLiteral("Detail:")), qPrintable(indicator.toolTip()));
    }
}

QTEST_MAIN(TestConnectionIndicator)
#include "tst_connectionindicator.moc"
