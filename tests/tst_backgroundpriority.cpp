// Worker threads run at a lower CPU priority than the UI thread (issue 24): a busy ingest must not
// make the window wait for a core. Checked with the kernel's own figure for each thread
// (getpriority with the thread id), for a WorkerThread's worker and for a thread it creates (as
// librdkafka's threads are created by the ingest worker).
#include "BackgroundPriority.h"
#include "WorkerThread.h"

#include <QSignalSpy>
#include <QTest>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

using namespace ns;

namespace {

int niceOfThisThread()
{
    return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
}

} // namespace

/// A worker that reports the nice value of its thread and of a thread it starts.
class PriorityProbe : public QObject
{
    Q_OBJECT

public:
    void start()
    {
        int child = 0;
        std::thread([&child] { child = niceOfThisThread(); }).join();
        Q_EMIT measured(niceOfThisThread(), child);
    }
    void stop() { Q_EMIT finished(); }

Q_SIGNALS:
    void measured(int own, int child);
    void finished();
};

class TestBackgroundPriority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workersAreNicerThanTheUiThread_data();
    void workersAreNicerThanTheUiThread();
};

void TestBackgroundPriority::workersAreNicerThanTheUiThread_data()
{
    QTest::addColumn<QByteArray>("setting");
    QTest::addColumn<int>("expectedStep");
    QTest::newRow("default") << QByteArray() << BackgroundPriority::DefaultNice;
    QTest::newRow("turned off") << QByteArray("0") << 0;
    QTest::newRow("set to 8") << QByteArray("8") << 8;
}

void TestBackgroundPriority::workersAreNicerThanTheUiThread()
{
    QFETCH(QByteArray, setting);
    QFETCH(int, expectedStep);
    if (setting.isNull())
        qunsetenv("NS_INBOX_WORKER_NICE");
    else
        qputenv("NS_INBOX_WORKER_NICE", setting);
    const int ui = niceOfThisThread();
    const int expected = qMin(19, ui + expectedStep);

    WorkerThread<PriorityProbe> thread(QStringLiteral("probe"), std::make_unique<PriorityProbe>());
    QSignalSpy measured(thread.worker(), &PriorityProbe::measured);
    thread.start();
    QVERIFY(measured.wait(10'000));
    thread.stop([](PriorityProbe &probe) { probe.stop(); });

    QCOMPARE(measured.at(0).at(0).toInt(), expected); // The worker's thread.
    QCOMPARE(measured.at(0).at(1).toInt(), expected); // A thread the worker made inherits it.
    QCOMPARE(niceOfThisThread(), ui);                 // The UI thread is untouched.
}

QTEST_GUILESS_MAIN(TestBackgroundPriority)
#include "tst_backgroundpriority.moc"
