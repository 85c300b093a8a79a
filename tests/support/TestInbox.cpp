#include "TestInbox.h"

#include "Database.h"
#include "MessageCodec.h"

#include <QSqlQuery>

using namespace ns;

TestInbox::TestInbox() : m_dir(std::make_unique<QTemporaryDir>())
{
    m_path = m_dir->filePath(QStringLiteral("inbox.sqlite"));
    open();
}

TestInbox::TestInbox(const QString &path) : m_path(path)
{
    open();
}

void TestInbox::open()
{
    m_connection = Database::uniqueConnectionName(QStringLiteral("test"));
    StoreError error;
    m_db = Database::open(m_path, m_connection, &error);
    if (!m_db.isValid()) {
        m_error = error.text;
        qWarning() << "cannot open the test inbox:" << error.text;
    }
}

TestInbox::~TestInbox()
{
    m_store.reset();
    m_db = {};
    Database::close(m_connection);
    for (const QString &name : std::as_const(m_otherConnections))
        Database::close(name);
}

MessageStore &TestInbox::store()
{
    if (!m_store)
        m_store = std::make_unique<MessageStore>(m_db);
    return *m_store;
}

Message TestInbox::make(const QString &subject, const QString &body, const QDateTime &created, const QString &sender)
{
    Message m;
    const qint64 offset = m_nextOffset++;
    m.uuid = MessageCodec::uuidForCoordinates(QStringLiteral("t"), 0, offset);
    m.subject = subject;
    m.body = body;
    m.createdBy = sender;
    m.createdDate = created.isValid() ? created : QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC).addSecs(offset * 60);
    m.kafkaTopic = QStringLiteral("t");
    m.kafkaPartition = 0;
    m.kafkaOffset = offset;
    return m;
}

bool TestInbox::add(const QVector<Message> &messages)
{
    IngestBatch batch;
    batch.messages = messages;
    BatchResult result;
    StoreError error;
    return store().writeBatch(batch, &result, &error) && result.inserted == messages.size();
}

bool TestInbox::addMessages(int count, const QString &subject, const QString &body)
{
    QVector<Message> batch;
    batch.reserve(count);
    for (int i = 0; i < count; ++i)
        batch << make(subject.arg(i, 2, 10, QLatin1Char('0')), body.arg(i));
    return add(batch);
}

bool TestInbox::setState(qint64 id, bool read, bool archived)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE messages SET is_read = ?, is_archived = ? WHERE id = ?"));
    q.addBindValue(read ? 1 : 0);
    q.addBindValue(archived ? 1 : 0);
    q.addBindValue(id);
    return q.exec();
}

bool TestInbox::isRead(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT is_read FROM messages WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next() && q.value(0).toInt() == 1;
}

qint64 TestInbox::idOfSubject(const QString &subject) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM messages WHERE subject = ? ORDER BY id LIMIT 1"));
    q.addBindValue(subject);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

QSqlDatabase TestInbox::openConnection()
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("test-other"));
    m_otherConnections.append(name);
    StoreError error;
    QSqlDatabase db = Database::open(m_path, name, &error);
    if (!db.isValid())
        m_error = error.text;
    return db;
}

QSqlDatabase TestInbox::openReadOnly()
{
    QSqlDatabase db = openConnection();
    QSqlQuery q(db);
    if (db.isValid() && !q.exec(QStringLiteral("PRAGMA query_only = ON")))
        m_error = QStringLiteral("query_only refused");
    return db;
}
