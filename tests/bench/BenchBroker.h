#pragma once
// The broker a benchmark runs against: --bootstrap, else $NS_TEST_BROKER_ENV's (run-benchmarks.sh),
// else a private one started in a temporary folder and stopped when this goes out of scope.
// Header-only, like BenchStats.h: the benchmarks are separate programs.

#include "BrokerEnvironment.h"
#include "PythonTools.h"

#include <QTemporaryDir>
#include <QTextStream>

namespace ns::bench {

class BenchBroker
{
public:
    explicit BenchBroker(const QString &bootstrapOption) : m_bootstrap(bootstrapOption)
    {
        if (m_bootstrap.isEmpty() && !qEnvironmentVariableIsEmpty("NS_TEST_BROKER_ENV"))
            m_bootstrap = test::BrokerEnvironment().bootstrap(); // empty when the file does not name one
        if (!m_bootstrap.isEmpty())
            return;
        QTextStream err(stderr);
        err << "starting a private broker in " << m_work.path() << " ..." << Qt::endl;
        const test::ProcessResult r = test::PythonTools::run(script(), {QStringLiteral("start"), brokerDir()}, 300'000);
        // Read through the tests' own reader of broker.env.
        qputenv("NS_TEST_BROKER_ENV", (brokerDir() + QStringLiteral("/broker.env")).toUtf8());
        m_own = true;
        if (r.exitCode == 0)
            m_bootstrap = test::BrokerEnvironment().bootstrap();
        if (m_bootstrap.isEmpty())
            err << "could not start a broker: " << r.err << Qt::endl;
    }
    ~BenchBroker()
    {
        if (m_own)
            test::PythonTools::run(script(), {QStringLiteral("stop"), brokerDir()}, 120'000);
    }
    BenchBroker(const BenchBroker &) = delete;
    BenchBroker &operator=(const BenchBroker &) = delete;

    /// Empty when no broker could be had (the reason is on stderr).
    QString bootstrap() const { return m_bootstrap; }

private:
    static QString script() { return qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/broker/kafka-broker.sh"); }
    QString brokerDir() const { return m_work.filePath(QStringLiteral("broker")); }

    QTemporaryDir m_work;
    QString m_bootstrap;
    bool m_own = false;
};

} // namespace ns::bench
