#include "ProfileSettings.h"

#include "AppPaths.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>

#include <memory>

namespace ns {
namespace {

// The keys predate this class (app/CommandLine.cpp): keep them.
const QString BootstrapKey = QStringLiteral("connection/bootstrap");
const QString UserKey = QStringLiteral("connection/user");
const QString SecurityKey = QStringLiteral("connection/security");
const QString MechanismKey = QStringLiteral("connection/saslMechanism");
const QString UsernameKey = QStringLiteral("connection/saslUsername");
const QString CaFileKey = QStringLiteral("connection/caFile");
const QString AdministratorKey = QStringLiteral("profile/administrator");
const QString SenderNameKey = QStringLiteral("profile/name"); // Read by SenderIdentity.
const QString BatchSizeKey = QStringLiteral("ingest/batchSize");
const QString PollTimeoutKey = QStringLiteral("ingest/pollTimeoutMs");

constexpr int MaxBatchSize = 100'000;
constexpr int MinPollTimeoutMs = 10;
constexpr int MaxPollTimeoutMs = 10'000;

} // namespace

ProfileSettings ProfileSettings::load(const QSettings &s)
{
    ProfileSettings p;
    ConnectionSettings &c = p.connection;
    c.bootstrapServers = s.value(BootstrapKey).toString().trimmed();
    c.userUuid = s.value(UserKey).toString().trimmed();
    c.securityProtocol = s.value(SecurityKey, c.securityProtocol).toString().trimmed().toUpper();
    c.saslMechanism = s.value(MechanismKey, c.saslMechanism).toString().trimmed().toUpper();
    c.saslUsername = s.value(UsernameKey).toString();
    c.caFile = s.value(CaFileKey).toString();
    c.batchSize = s.value(BatchSizeKey, c.batchSize).toInt();
    c.pollTimeoutMs = s.value(PollTimeoutKey, c.pollTimeoutMs).toInt();
    p.administrator = s.value(AdministratorKey, false).toBool();
    p.senderName = s.value(SenderNameKey).toString().trimmed();
    return p;
}

bool ProfileSettings::save(QSettings &s, QString *error) const
{
    // What the system-wide file (or the built-in default) says; a value equal to it is not pinned per user.
    std::unique_ptr<const QSettings> system;
    if (!s.organizationName().isEmpty())
        system = std::make_unique<const QSettings>(s.format(), QSettings::SystemScope, s.organizationName(), s.applicationName());
    const ConnectionSettings defaults;
    const auto put = [&](const QString &key, const QVariant &value, const QVariant &builtIn) {
        if (value.toString() == (system ? system->value(key, builtIn) : builtIn).toString())
            s.remove(key);
        else
            s.setValue(key, value);
    };
    const QString file = s.fileName();
    AppPaths::makePrivateDirectory(QFileInfo(file).absolutePath());
    AppPaths::makePrivateFile(file);

    put(BootstrapKey, connection.bootstrapServers.trimmed(), QString());
    put(UserKey, connection.userUuid.trimmed(), QString());
    put(SecurityKey, connection.securityProtocol, defaults.securityProtocol);
    put(MechanismKey, connection.saslMechanism, defaults.saslMechanism);
    put(UsernameKey, connection.saslUsername, QString());
    put(CaFileKey, connection.caFile, QString());
    put(BatchSizeKey, connection.batchSize, defaults.batchSize);
    put(PollTimeoutKey, connection.pollTimeoutMs, defaults.pollTimeoutMs);
    put(AdministratorKey, administrator, false);
    put(SenderNameKey, senderName.trimmed().left(255), QString()); // The seed's created_by holds 255.
    // A password must never be in this file, whoever put it there.
    s.remove(QStringLiteral("connection/saslPassword"));
    s.sync();
    if (s.status() != QSettings::NoError) {
        *error = tr("The settings could not be written to %1.").arg(file);
        return false;
    }
    if (!AppPaths::makePrivateFile(file)) {
        *error = tr("The settings file %1 could not be made private.").arg(file);
        return false;
    }
    return true;
}

bool ProfileSettings::isConfigured() const
{
    return !connection.bootstrapServers.trimmed().isEmpty() && isCanonicalUuid(connection.userUuid);
}

QVector<ProfileSettings::Problem> ProfileSettings::validate() const
{
    QVector<Problem> problems;
    const ConnectionSettings &c = connection;
    QString error;
    if (c.bootstrapServers.trimmed().isEmpty())
        problems.append({Problem::Field::Bootstrap, tr("Enter the bootstrap servers, e.g. kafka.example.org:9093.")});
    else if (parseBootstrap(c.bootstrapServers, &error).isEmpty())
        problems.append({Problem::Field::Bootstrap, error});

    if (c.userUuid.trimmed().isEmpty())
        problems.append({Problem::Field::UserUuid, tr("Enter your user UUID (your profile page on the web service shows it).")});
    else if (!isCanonicalUuid(c.userUuid.trimmed()))
        problems.append({Problem::Field::UserUuid, tr("“%1” is not a user UUID: it looks like 0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90 "
                                                      "(lowercase, 8-4-4-4-12).").arg(c.userUuid)});

    if (!securityProtocols().contains(c.securityProtocol))
        problems.append({Problem::Field::SecurityProtocol, tr("Unknown security protocol “%1”.").arg(c.securityProtocol)});
    if (usesSasl(c.securityProtocol)) {
        if (!saslMechanisms().contains(c.saslMechanism))
            problems.append({Problem::Field::SaslMechanism, tr("Unknown SASL mechanism “%1”.").arg(c.saslMechanism)});
        if (c.saslUsername.trimmed().isEmpty())
            problems.append({Problem::Field::SaslUsername, tr("%1 needs a user name.").arg(c.securityProtocol)});
    }
    if (!c.caFile.isEmpty()) {
        const QFileInfo ca(c.caFile);
        if (!ca.exists())
            problems.append({Problem::Field::CaFile, tr("The CA certificate file %1 does not exist.").arg(c.caFile)});
        else if (!ca.isFile() || !ca.isReadable())
            problems.append({Problem::Field::CaFile, tr("The CA certificate file %1 cannot be read.").arg(c.caFile)});
    }
    if (c.batchSize < 1 || c.batchSize > MaxBatchSize)
        problems.append({Problem::Field::BatchSize, tr("The batch size must be between 1 and %1.").arg(MaxBatchSize)});
    if (c.pollTimeoutMs < MinPollTimeoutMs || c.pollTimeoutMs > MaxPollTimeoutMs)
        problems.append({Problem::Field::PollTimeout,
                         tr("The poll timeout must be between %1 and %2 ms.").arg(MinPollTimeoutMs).arg(MaxPollTimeoutMs)});
    return problems;
}

QString ProfileSettings::secretKey() const
{
    return QStringLiteral("sasl:%1@%2").arg(connection.saslUsername, connection.bootstrapServers.trimmed());
}

QStringList ProfileSettings::securityProtocols()
{
    return {QStringLiteral("PLAINTEXT"), QStringLiteral("SSL"), QStringLiteral("SASL_PLAINTEXT"), QStringLiteral("SASL_SSL")};
}

QStringList ProfileSettings::saslMechanisms()
{
    return {QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512")};
}

bool ProfileSettings::usesSasl(const QString &securityProtocol)
{
    return securityProtocol.startsWith(QLatin1String("SASL_"));
}

bool ProfileSettings::usesTls(const QString &securityProtocol)
{
    return securityProtocol == QLatin1String("SSL") || securityProtocol == QLatin1String("SASL_SSL");
}

QVector<QPair<QString, quint16>> ProfileSettings::parseBootstrap(const QString &servers, QString *error)
{
    static const QRegularExpression entry(QStringLiteral(R"(^(?:[A-Za-z_]+://)?(\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+):(\d{1,5})$)"));
    QVector<QPair<QString, quint16>> out;
    const QStringList parts = servers.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        const QRegularExpressionMatch m = entry.match(part);
        const int port = m.hasMatch() ? m.captured(2).toInt() : 0;
        if (!m.hasMatch() || port < 1 || port > 65535) {
            *error = tr("“%1” is not host:port (e.g. kafka.example.org:9093).").arg(part);
            return {};
        }
        QString host = m.captured(1);
        if (host.startsWith(QLatin1Char('[')))
            host = host.mid(1, host.size() - 2);
        out.append({host, static_cast<quint16>(port)});
    }
    if (out.isEmpty())
        *error = tr("Enter the bootstrap servers, e.g. kafka.example.org:9093.");
    return out;
}

} // namespace ns
