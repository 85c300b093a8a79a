#pragma once

#include "ConnectionSettings.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>

class QSettings;

namespace ns {

/// The saved connection profile, in QSettings: what the settings dialog edits and the command line starts from.
///
/// Reads fall back from the user's file to the system-wide one (e.g. /etc/xdg/ns-inbox/ns-inbox.conf), so a
/// managed desktop can preset the servers; saving writes only what differs from the system-wide value, so a
/// later change there still reaches users who never overrode it. The password is never part of it: it lives
/// in a SecretStore (see PasswordResolver).
class ProfileSettings
{
    Q_DECLARE_TR_FUNCTIONS(ns::ProfileSettings)

public:
    /// One invalid field and what is wrong with it, in words for the user.
    struct Problem
    {
        enum class Field { Bootstrap, UserUuid, SecurityProtocol, SaslMechanism, SaslUsername, CaFile, BatchSize, PollTimeout };
        Field field;
        QString message;
    };

    ConnectionSettings connection; ///< connection.saslPassword is always empty here.
    bool administrator = false;  ///< Administrator mode: may compose messages to other users.
    QString senderName;          ///< Shown as the sender (created_by) of composed messages; empty: the user UUID.

    static ProfileSettings load(const QSettings &settings);
    /// Writes the profile to the user scope of `settings`, syncs, and makes the file owner-only.
    bool save(QSettings &settings, QString *error) const;

    /// Enough to connect: bootstrap servers and a valid user UUID. Otherwise the app starts on the welcome page.
    bool isConfigured() const;
    /// Every problem of the profile, in the order of the dialog's fields; empty when it can be used.
    QVector<Problem> validate() const;

    /// Name of the SASL password in the secret store: one per user name and cluster.
    QString secretKey() const;

    static QStringList securityProtocols();
    static QStringList saslMechanisms();
    static bool usesSasl(const QString &securityProtocol);
    static bool usesTls(const QString &securityProtocol);
    /// `host:port` pairs of a bootstrap list ("a:9092,b:9092", optional `scheme://`, IPv6 in brackets);
    /// nullopt-like: empty list and `error` filled when an entry is malformed.
    static QVector<QPair<QString, quint16>> parseBootstrap(const QString &servers, QString *error);
};

} // namespace ns
