#pragma once

#include "Message.h"
#include "MessageStore.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <memory>

/// An inbox database file for tests, with helpers to store messages the way the ingest thread does.
class TestInbox
{
public:
    explicit TestInbox(const QString &path);
    ~TestInbox();
    TestInbox(const TestInbox &) = delete;
    TestInbox &operator=(const TestInbox &) = delete;

    bool isValid() const { return m_db.isValid(); }
    QString path() const { return m_path; }
    QSqlDatabase database() const { return m_db; }
    ns::MessageStore &store() { return *m_store; }

    /// A message at the next offset of topic "t", partition 0.
    ns::Message make(const QString &subject, const QString &body = QStringLiteral("body"),
                     const QDateTime &created = {}, const QString &sender = QStringLiteral("System Account"));
    /// Stores the messages in one batch (one transaction, as the ingest thread does).
    bool add(const QVector<ns::Message> &messages);
    /// Sets read and archived states directly in the store.
    bool setState(qint64 id, bool read, bool archived);
    qint64 idOfSubject(const QString &subject) const;

private:
    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<ns::MessageStore> m_store;
    qint64 m_nextOffset = 0;
};
