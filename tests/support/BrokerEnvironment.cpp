#include "BrokerEnvironment.h"

#include <QFile>
#include <QUuid>

namespace ns::test {

BrokerEnvironment::BrokerEnvironment()
{
    const QString path = qEnvironmentVariable("NS_TEST_BROKER_ENV");
    if (path.isEmpty()) {
        m_error = QStringLiteral("NS_TEST_BROKER_ENV is not set: run through ctest, which starts the broker");
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read %1 (did broker_start fail?): %2").arg(path, file.errorString());
        return;
    }
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            m_values.insert(line.left(eq), line.mid(eq + 1));
    }
    if (bootstrap().isEmpty())
        m_error = QStringLiteral("%1 names no NS_TEST_BOOTSTRAP").arg(path);
}

QString BrokerEnvironment::python()
{
    const QString configured = qEnvironmentVariable("NS_TEST_PYTHON");
    return configured.isEmpty() ? QStringLiteral("/usr/bin/python3") : configured;
}

QString BrokerEnvironment::script(const QString &name)
{
    return qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/broker/") + name;
}

QString BrokerEnvironment::newTopic()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace ns::test
