#pragma once

#include "Message.h"
#include "MessageStore.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVector>

#include <memory>

/// An inbox database for tests, opened and migrated as the app opens it, with helpers to store
/// messages the way the ingest thread does. One line of set-up:
///     TestInbox inbox;                    // a file in a folder of its own, removed with it
///     TestInbox inbox(u":memory:"_s);     // in memory
///     TestInbox inbox(dir.filePath(...)); // a file the test names (e.g. one another process opens too)
class TestInbox
{
public:
    TestInbox();
    explicit TestInbox(const QString &path);
    ~TestInbox();
    TestInbox(const TestInbox &) = delete;
    TestInbox &operator=(const TestInbox &) = delete;

    bool isValid() const { return m_db.isValid(); }
    /// Why the database did not open (for QVERIFY2).
    QString errorText() const { return m_error; }
    QString path() const { return m_path; }
    QSqlDatabase database() const { return m_db; }
    /// The store on this connection, made when first asked for (a test of the store makes its own).
    ns::MessageStore &store();

    /// A message at the next offset of topic "t", partition 0.
    ns::Message make(const QString &subject, const QString &body = QStringLiteral("body"),
                     const QDateTime &created = {}, const QString &sender = QStringLiteral("System Account"));
    /// Stores the messages in one batch (one transaction, as the ingest thread does).
    bool add(const QVector<ns::Message> &messages);
    /// Stores `count` messages in one batch: subjects and bodies from the patterns, %1 the
    /// message's number (zero-padded to two digits, so they sort as they arrive).
    bool addMessages(int count, const QString &subject = QStringLiteral("Message %1"),
                     const QString &body = QStringLiteral("Body of message %1"));
    /// Sets read and archived states directly in the store.
    bool setState(qint64 id, bool read, bool archived);
    bool isRead(qint64 id) const;
    qint64 idOfSubject(const QString &subject) const;

    /// Another connection to the same file, opened as the app opens it (as another thread or a
    /// restart has); closed with the inbox. Invalid (with errorText()) when it does not open.
    QSqlDatabase openConnection();
    /// The same, read-only (PRAGMA query_only), as the window's connection is opened.
    QSqlDatabase openReadOnly();

private:
    void open();

    std::unique_ptr<QTemporaryDir> m_dir; ///< Only when the inbox chose its own file.
    QString m_path;
    QString m_connection;
    QString m_error;
    QSqlDatabase m_db;
    std::unique_ptr<ns::MessageStore> m_store;
    QStringList m_otherConnections;
    qint64 m_nextOffset = 0;
};
