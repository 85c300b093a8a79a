// CatchUpEstimate and the status bar's words for it: the time left follows the recent pace.

#include "CatchUpEstimate.h"
#include "CatchUpIndicator.h"

#include <QLocale>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

class TestCatchUpEstimate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownUntilThereIsAPace();
    void followsTheRecentPace();
    void aNewCatchUpStartsOver();
    void aStallIsNotAFewSecondsLeft();
    void timeLeftInWords_data();
    void timeLeftInWords();
    void indicatorShowsHowManyOfHowMany();
};

void TestCatchUpEstimate::unknownUntilThereIsAPace()
{
    CatchUpEstimate e;
    QCOMPARE(e.remainingMs(), -1);
    e.add(0, 1000, 0);
    QCOMPARE(e.remainingMs(), -1);
}

void TestCatchUpEstimate::followsTheRecentPace()
{
    CatchUpEstimate e;
    // A slow start (100/s for 5 s), then 1,000/s: after 10 s more at the fast pace, the slow
    // start has left the window and 50,000 left take 50 s.
    qint64 done = 0;
    for (qint64 t = 0; t <= 5000; t += 500) {
        e.add(done, 70'000, t);
        done += 50;
    }
    done -= 50;
    for (qint64 t = 5500; t <= 16'000; t += 500) {
        done += 500;
        e.add(done, done + 50'000, t);
    }
    QVERIFY2(std::abs(e.perSecond() - 1000.0) < 1.0, qPrintable(QString::number(e.perSecond())));
    QCOMPARE(e.remainingMs(), 50'000);
}

void TestCatchUpEstimate::aNewCatchUpStartsOver()
{
    CatchUpEstimate e;
    e.add(0, 100, 0);
    e.add(50, 100, 1000);
    e.add(10, 200, 2000); // Fewer done than before: another catch-up.
    QCOMPARE(e.remainingMs(), -1);
}

// The broker goes away mid catch-up: samples of the unchanged count (CatchUpIndicator takes one
// a second) make the time left grow, then unknown once the window holds no progress at all.
void TestCatchUpEstimate::aStallIsNotAFewSecondsLeft()
{
    CatchUpEstimate e;
    for (qint64 t = 0; t <= 5000; t += 500)
        e.add(t * 10, 100'000, t); // 10,000 a second.
    QCOMPARE(e.remainingMs(), 5'000);
    e.add(50'000, 100'000, 8000); // 3 s without progress.
    QVERIFY2(e.remainingMs() > 5'000, qPrintable(QString::number(e.remainingMs())));
    for (qint64 t = 9000; t <= 20'000; t += 1000)
        e.add(50'000, 100'000, t);
    QCOMPARE(e.remainingMs(), -1);
}

void TestCatchUpEstimate::timeLeftInWords_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("words");
    QTest::newRow("unknown") << qint64(-1) << QString();
    QTest::newRow("3 s") << qint64(3000) << u"a few seconds left"_s;
    QTest::newRow("42 s") << qint64(42'000) << u"about 45 s left"_s;
    QTest::newRow("5 min") << qint64(300'000) << u"about 5 min left"_s;
    QTest::newRow("3 h") << qint64(3 * 3600'000) << u"about 3.0 h left"_s;
}

void TestCatchUpEstimate::timeLeftInWords()
{
    QFETCH(qint64, ms);
    QFETCH(QString, words);
    QCOMPARE(CatchUpIndicator::timeLeftText(ms), words);
}

void TestCatchUpEstimate::indicatorShowsHowManyOfHowMany()
{
    QWidget window;
    auto *indicator = new CatchUpIndicator(&window);
    window.show();
    QVERIFY(!indicator->isVisible());
    indicator->setProgress(12'345, 300'000);
    QVERIFY(indicator->isVisible());
    QCOMPARE(indicator->text(), u"Catching up: %1 of %2"_s.arg(QLocale().toString(12'345), QLocale().toString(300'000)));
    indicator->setProgress(300'000, 300'000);
    QVERIFY(!indicator->isVisible());
}

QTEST_MAIN(TestCatchUpEstimate)
#include "tst_catchupestimate.moc"
