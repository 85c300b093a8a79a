#include "Diagnostics.h"

#include <QSettings>
#include <QSysInfo>

#include <algorithm>

namespace ns {
namespace {

const QString Redacted = QStringLiteral("<redacted>");
// Shorter secrets are only redacted by key: striking every "ab" from the text would garble it.
constexpr qsizetype MinScrubLength = 3;

QString describe(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QStringList: return value.toStringList().join(QLatin1String(", "));
    // Window geometry and the like: binary, of no use in a report.
    case QMetaType::QByteArray: return QStringLiteral("(%1 bytes)").arg(value.toByteArray().size());
    default: break;
    }
    const QString text = value.toString();
    const bool opaque = text.isEmpty() && value.isValid() && value.typeId() != QMetaType::QString;
    return opaque ? QStringLiteral("(%1)").arg(QLatin1String(value.typeName())) : text;
}

} // namespace

Diagnostics::Diagnostics() = default;

void Diagnostics::setConnection(const ConnectionSettings &settings)
{
    m_connection = settings;
    m_hasConnection = true;
}

void Diagnostics::setConnectionState(ConnectionState state, const QString &detail)
{
    m_state = state;
    m_stateDetail = detail;
}

void Diagnostics::setSettings(const QVariantMap &settings)
{
    m_settings = settings;
}

void Diagnostics::setRecentProblems(const QStringList &lines)
{
    m_problems = lines;
}

void Diagnostics::addDetail(const QString &name, const QString &value)
{
    m_details.append({name, value});
}

void Diagnostics::setDetail(const QString &name, const QString &value)
{
    for (auto &detail : m_details) {
        if (detail.first == name) {
            detail.second = value;
            return;
        }
    }
    addDetail(name, value);
}

bool Diagnostics::isSecretKey(const QString &key)
{
    return key.contains(QLatin1String("password"), Qt::CaseInsensitive)
        || key.contains(QLatin1String("secret"), Qt::CaseInsensitive);
}

QVariantMap Diagnostics::readSettings(const QSettings &settings)
{
    QVariantMap values;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys)
        values.insert(key, settings.value(key));
    return values;
}

QStringList Diagnostics::secretValues() const
{
    QStringList secrets;
    for (auto it = m_settings.cbegin(); it != m_settings.cend(); ++it) {
        if (!isSecretKey(it.key()))
            continue;
        if (it.value().typeId() == QMetaType::QStringList)
            secrets.append(it.value().toStringList());
        else
            secrets.append(it.value().toString());
    }
    secrets.append(m_connection.saslPassword);
    secrets.removeIf([](const QString &s) { return s.size() < MinScrubLength; });
    // Longest first, so a secret that contains another is struck whole.
    std::sort(secrets.begin(), secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return secrets;
}

QString Diagnostics::text() const
{
    QStringList lines;
    const auto add = [&lines](const QString &name, const QString &value) {
        lines.append(QStringLiteral("%1: %2").arg(name, value));
    };
    lines.append(QStringLiteral("NS Inbox diagnostics"));
    add(QStringLiteral("NS Inbox"), QStringLiteral(NS_INBOX_VERSION));
    add(QStringLiteral("Qt"), QStringLiteral("%1 (built with %2)").arg(QLatin1String(qVersion()), QLatin1String(QT_VERSION_STR)));
    add(QStringLiteral("Kafka client"), m_kafkaClientVersion.isEmpty() ? QStringLiteral("unknown") : m_kafkaClientVersion);
    add(QStringLiteral("SQLite"), m_sqliteVersion.isEmpty() ? QStringLiteral("unknown") : m_sqliteVersion);
    add(QStringLiteral("System"), QStringLiteral("%1, kernel %2 %3 (%4)")
                                      .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(),
                                           QSysInfo::currentCpuArchitecture()));
    for (const auto &[name, value] : m_details)
        add(name, value);

    lines.append(QString());
    lines.append(QStringLiteral("Connection"));
    add(QStringLiteral("  state"), connectionStateName(m_state) + (m_stateDetail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_stateDetail)));
    if (m_hasConnection) {
        add(QStringLiteral("  bootstrap servers"), m_connection.bootstrapServers);
        add(QStringLiteral("  user"), m_connection.userUuid);
        add(QStringLiteral("  security protocol"), m_connection.securityProtocol);
        add(QStringLiteral("  SASL mechanism"), m_connection.saslMechanism);
        add(QStringLiteral("  SASL user name"), m_connection.saslUsername);
        add(QStringLiteral("  SASL password"), m_connection.saslPassword.isEmpty() ? QStringLiteral("not set") : QStringLiteral("set"));
        add(QStringLiteral("  CA file"), m_connection.caFile);
        add(QStringLiteral("  batch size"), QString::number(m_connection.batchSize));
    }

    lines.append(QString());
    lines.append(QStringLiteral("Saved settings"));
    if (m_settings.isEmpty())
        lines.append(QStringLiteral("  (none)"));
    for (auto it = m_settings.cbegin(); it != m_settings.cend(); ++it)
        add(QStringLiteral("  ") + it.key(), isSecretKey(it.key()) ? Redacted : describe(it.value()));

    lines.append(QString());
    lines.append(QStringLiteral("Recent problems (latest last)"));
    if (m_problems.isEmpty())
        lines.append(QStringLiteral("  (none)"));
    for (const QString &problem : m_problems)
        lines.append(QStringLiteral("  ") + problem);

    QString text = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    const QStringList secrets = secretValues();
    for (const QString &secret : secrets)
        text.replace(secret, Redacted);
    return text;
}

} // namespace ns
