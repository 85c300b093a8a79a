#pragma once

#include "ConnectionState.h"
#include "ConnectionSettings.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariantMap>

class QSettings;

namespace ns {

/// The text behind "Copy diagnostics": versions, settings, connection state and the last problems, for a
/// bug report. Secrets never appear in it: a setting whose key names a password or secret is redacted,
/// and the value of every such secret is struck from the whole text, in case an error message echoed it.
class Diagnostics
{
public:
    Diagnostics();

    /// The consumer's effective settings; the SASL password is reported only as set or not set.
    void setConnection(const ConnectionSettings &settings);
    void setConnectionState(ConnectionState state, const QString &detail);
    /// Saved settings, key to value (see readSettings()).
    void setSettings(const QVariantMap &settings);
    void setRecentProblems(const QStringList &lines);
    void setSqliteVersion(const QString &version) { m_sqliteVersion = version; }
    void setKafkaClientVersion(const QString &version) { m_kafkaClientVersion = version; }
    /// Anything else worth knowing (database path, log file, platform plugin...), in the order given.
    void addDetail(const QString &name, const QString &value);
    /// The detail `name` (a state that changes), replaced when given before; else added at the end.
    void setDetail(const QString &name, const QString &value);

    QString text() const;

    /// True for a key that names a secret: it contains "password" or "secret", in any case.
    static bool isSecretKey(const QString &key);
    /// Every key of `settings`, with its value.
    static QVariantMap readSettings(const QSettings &settings);
    /// The SQLite library version behind an open connection (`select sqlite_version()`).

private:
    QStringList secretValues() const;

    ConnectionSettings m_connection;
    bool m_hasConnection = false;
    ConnectionState m_state = ConnectionState::Stopped;
    QString m_stateDetail;
    QVariantMap m_settings;
    QStringList m_problems;
    QString m_sqliteVersion;
    QString m_kafkaClientVersion;
    QList<QPair<QString, QString>> m_details;
};

} // namespace ns
