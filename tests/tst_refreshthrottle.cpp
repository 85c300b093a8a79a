// RefreshThrottle: a lone batch is shown at once; a flood becomes a few refreshes a second.

#include "RefreshThrottle.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace ns;

class TestRefreshThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLoneBatchIsShownAtOnce();
    void aTrickleIsShownBatchByBatch();
    void aFloodIsFoldedIntoAFewRefreshes();
};

void TestRefreshThrottle::aLoneBatchIsShownAtOnce()
{
    RefreshThrottle throttle(200);
    QSignalSpy refreshed(&throttle, &RefreshThrottle::refresh);
    throttle.request(1);
    QCOMPARE(refreshed.count(), 1); // Synchronously, not on a timer.
    QVERIFY(!throttle.isPending());
}

void TestRefreshThrottle::aTrickleIsShownBatchByBatch()
{
    // 100 messages a second, one per batch: every one is shown when it comes.
    RefreshThrottle throttle(200);
    QSignalSpy refreshed(&throttle, &RefreshThrottle::refresh);
    for (int i = 0; i < 20; ++i) {
        throttle.request(1);
        QCOMPARE(refreshed.count(), i + 1);
        QTest::qWait(10); // The trickle's pace (the throttle reads the clock), not a wait for an outcome.
    }
}

void TestRefreshThrottle::aFloodIsFoldedIntoAFewRefreshes()
{
    constexpr int IntervalMs = 100;
    RefreshThrottle throttle(IntervalMs);
    QSignalSpy refreshed(&throttle, &RefreshThrottle::refresh);
    QElapsedTimer clock;
    clock.start();
    int batches = 0;
    // 1,000 records every 5 ms for 600 ms: 120 batches.
    while (clock.elapsed() < 600) {
        throttle.request(1000);
        ++batches;
        QTest::qWait(5); // The flood's pace; the loop runs the throttle's timer meanwhile.
    }
    QTRY_VERIFY(!throttle.isPending());
    const qint64 elapsed = clock.elapsed();
    // At most one refresh per interval (and the one at the start), whatever the number of batches.
    QVERIFY2(refreshed.count() <= elapsed / IntervalMs + 1,
             qPrintable(QStringLiteral("%1 refreshes for %2 batches in %3 ms").arg(refreshed.count()).arg(batches).arg(elapsed)));
    QVERIFY(refreshed.count() >= 2); // ...but the window keeps moving: at once, then when due.
}

QTEST_GUILESS_MAIN(TestRefreshThrottle)
#include "tst_refreshthrottle.moc"
