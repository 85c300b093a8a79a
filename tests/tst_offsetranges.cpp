// OffsetRanges: merging, and the three questions the ingest worker asks of a partition's ranges.
#include "OffsetRanges.h"

#include <QTest>

using namespace ns;

namespace {

using Ranges = QVector<OffsetRanges::Range>;

OffsetRanges build(const Ranges &inserted)
{
    OffsetRanges set;
    for (const OffsetRanges::Range &r : inserted)
        set.insert(r.first, r.end);
    return set;
}

QString text(const Ranges &ranges)
{
    QStringList parts;
    for (const OffsetRanges::Range &r : ranges)
        parts.append(QStringLiteral("[%1,%2)").arg(r.first).arg(r.end));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestOffsetRanges : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertMerges_data();
    void insertMerges();
    void firstUncovered_data();
    void firstUncovered();
    void uncoveredCount_data();
    void uncoveredCount();
    void covers_data();
    void covers();
};

void TestOffsetRanges::insertMerges_data()
{
    QTest::addColumn<Ranges>("inserted");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nothing") << Ranges{} << QString();
    QTest::newRow("empty range ignored") << Ranges{{5, 5}, {7, 3}} << QString();
    QTest::newRow("one") << Ranges{{0, 10}} << QStringLiteral("[0,10)");
    QTest::newRow("disjoint, kept sorted") << Ranges{{20, 30}, {0, 10}} << QStringLiteral("[0,10) [20,30)");
    QTest::newRow("touching merge") << Ranges{{0, 10}, {10, 20}} << QStringLiteral("[0,20)");
    QTest::newRow("touching from below") << Ranges{{10, 20}, {0, 10}} << QStringLiteral("[0,20)");
    QTest::newRow("overlap") << Ranges{{0, 10}, {5, 15}} << QStringLiteral("[0,15)");
    QTest::newRow("contained") << Ranges{{0, 100}, {5, 15}} << QStringLiteral("[0,100)");
    QTest::newRow("containing") << Ranges{{5, 15}, {0, 100}} << QStringLiteral("[0,100)");
    QTest::newRow("bridges three") << Ranges{{0, 5}, {10, 15}, {20, 25}, {30, 35}, {4, 21}} << QStringLiteral("[0,25) [30,35)");
    QTest::newRow("fills a gap exactly") << Ranges{{0, 5}, {8, 10}, {5, 8}} << QStringLiteral("[0,10)");
    QTest::newRow("one below a gap") << Ranges{{0, 5}, {9, 10}, {6, 8}} << QStringLiteral("[0,5) [6,8) [9,10)");
    QTest::newRow("newest then fill") << Ranges{{9975, 10000}, {0, 100}, {100, 9975}} << QStringLiteral("[0,10000)");
    QTest::newRow("64-bit") << Ranges{{(qint64(1) << 40), (qint64(1) << 40) + 2}}
                            << QStringLiteral("[1099511627776,1099511627778)");
}

void TestOffsetRanges::insertMerges()
{
    QFETCH(Ranges, inserted);
    QFETCH(QString, expected);
    const OffsetRanges set = build(inserted);
    QCOMPARE(text(set.ranges()), expected);
    // Inserting a set into another gives the same as inserting its ranges one by one.
    OffsetRanges merged;
    merged.insert(set);
    QCOMPARE(merged, set);
}

void TestOffsetRanges::firstUncovered_data()
{
    QTest::addColumn<Ranges>("ranges");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("empty") << Ranges{} << qint64(7) << qint64(7);
    QTest::newRow("below everything") << Ranges{{10, 20}} << qint64(3) << qint64(3);
    QTest::newRow("at a range's start") << Ranges{{10, 20}} << qint64(10) << qint64(20);
    QTest::newRow("inside") << Ranges{{10, 20}, {30, 40}} << qint64(15) << qint64(20);
    QTest::newRow("at a range's end") << Ranges{{10, 20}} << qint64(20) << qint64(20);
    QTest::newRow("in a gap") << Ranges{{10, 20}, {30, 40}} << qint64(25) << qint64(25);
    QTest::newRow("last offset of a range") << Ranges{{10, 20}, {30, 40}} << qint64(39) << qint64(40);
    QTest::newRow("above everything") << Ranges{{10, 20}} << qint64(99) << qint64(99);
}

void TestOffsetRanges::firstUncovered()
{
    QFETCH(Ranges, ranges);
    QFETCH(qint64, from);
    QFETCH(qint64, expected);
    QCOMPARE(build(ranges).firstUncoveredFrom(from), expected);
}

void TestOffsetRanges::uncoveredCount_data()
{
    QTest::addColumn<Ranges>("ranges");
    QTest::addColumn<qint64>("lo");
    QTest::addColumn<qint64>("hi");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("empty set") << Ranges{} << qint64(5) << qint64(15) << qint64(10);
    QTest::newRow("empty interval") << Ranges{} << qint64(5) << qint64(5) << qint64(0);
    QTest::newRow("reversed interval") << Ranges{} << qint64(9) << qint64(5) << qint64(0);
    QTest::newRow("all covered") << Ranges{{0, 100}} << qint64(10) << qint64(20) << qint64(0);
    QTest::newRow("top gap") << Ranges{{0, 100}} << qint64(0) << qint64(150) << qint64(50);
    QTest::newRow("gap behind the newest") << Ranges{{0, 100}, {9975, 10000}} << qint64(0) << qint64(10000)
                                           << qint64(9875);
    QTest::newRow("partly overlapping both ends") << Ranges{{0, 10}, {20, 30}} << qint64(5) << qint64(25)
                                                  << qint64(10);
    QTest::newRow("below the low watermark ignored") << Ranges{{50, 60}} << qint64(40) << qint64(70) << qint64(20);
}

void TestOffsetRanges::uncoveredCount()
{
    QFETCH(Ranges, ranges);
    QFETCH(qint64, lo);
    QFETCH(qint64, hi);
    QFETCH(qint64, expected);
    const OffsetRanges set = build(ranges);
    QCOMPARE(set.uncoveredCount(lo, hi), expected);
    if (lo < hi) {
        // Cross-check against counting offset by offset.
        qint64 slow = 0;
        for (qint64 o = lo; o < hi; ++o)
            slow += set.covers(o) ? 0 : 1;
        QCOMPARE(slow, expected);
    }
}

void TestOffsetRanges::covers_data()
{
    QTest::addColumn<Ranges>("ranges");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<bool>("expected");
    QTest::newRow("empty") << Ranges{} << qint64(0) << false;
    QTest::newRow("first") << Ranges{{3, 5}} << qint64(3) << true;
    QTest::newRow("last") << Ranges{{3, 5}} << qint64(4) << true;
    QTest::newRow("end is outside") << Ranges{{3, 5}} << qint64(5) << false;
    QTest::newRow("below") << Ranges{{3, 5}} << qint64(2) << false;
    QTest::newRow("between") << Ranges{{3, 5}, {8, 9}} << qint64(6) << false;
    QTest::newRow("second range") << Ranges{{3, 5}, {8, 9}} << qint64(8) << true;
}

void TestOffsetRanges::covers()
{
    QFETCH(Ranges, ranges);
    QFETCH(qint64, offset);
    QFETCH(bool, expected);
    const OffsetRanges set = build(ranges);
    QCOMPARE(set.covers(offset), expected);
    qint64 length = 0; // The rows' ranges are disjoint: the covered count is their total length.
    for (const OffsetRanges::Range &r : std::as_const(ranges))
        length += r.end - r.first;
    QCOMPARE(set.coveredCount(), length);
}

QTEST_GUILESS_MAIN(TestOffsetRanges)
#include "tst_offsetranges.moc"
