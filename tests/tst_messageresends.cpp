// Store: a message sent twice (same uuid, same content, other coordinates) is stored once; a uuid
// reused with other content is another message; messages without a uuid go by coordinates.
#include "MessageCodec.h"
#include "MessageStore.h"
#include "StateStore.h"
#include "TestInbox.h"
#include "TopicIncarnations.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace ns;

namespace {

const QString Topic = QStringLiteral("3f0e9a52-6c1d-4b8e-9f27-5d4c3b2a1e0f");
const QString SentUuid = QStringLiteral("8d6f4c1e-2b3a-4d5e-8f9a-0b1c2d3e4f5a");

// Decoded as the ingest worker decodes it, from the bytes a producer wrote.
Message decoded(const QByteArray &value, int partition, qint64 offset, const QByteArray &key = "k")
{
    KafkaRecord record;
    record.topic = Topic;
    record.partition = partition;
    record.offset = offset;
    record.key = key;
    record.value = value;
    record.timestamp = QDateTime(QDate(2026, 12, 7), QTime(10, 0), Qt::UTC).addSecs(offset);
    const DecodeResult result = MessageCodec::decode(record, QDateTime(QDate(2026, 12, 7), QTime(11, 0), Qt::UTC));
    return result.isAccepted() ? result.message() : Message{};
}

// An NS Inbox message as the outbox writes it (MessageCodec::encode, with its uuid).
QByteArray sentValue(const QString &uuid, const QString &subject = QStringLiteral("Dataset ready"))
{
    Message m;
    m.uuid = uuid;
    m.subject = subject;
    m.body = QStringLiteral("Your export is ready.");
    m.referenceUrl = QStringLiteral("https://example.org/exports/7");
    m.createdBy = QStringLiteral("Data Team");
    m.createdDate = QDateTime(QDate(2026, 12, 7), QTime(9, 30), Qt::UTC);
    return MessageCodec::encode(m);
}

// The web service's message: no uuid (seed/kafka-messages.md).
const QByteArray SeedValue =
    R"({"ns-message": {"subject": "Dataset ready", "body": "Your export is ready.", "reference_url": "", "is_active": true}})";

qint64 countOf(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

IngestBatch batchOf(const QVector<Message> &messages)
{
    IngestBatch batch;
    batch.messages = messages;
    for (const Message &m : messages)
        batch.covered.append({m.kafkaTopic, m.kafkaPartition, m.kafkaOffset, m.kafkaOffset + 1});
    return batch;
}

// A state record of another desktop, about the message at `offset` of partition 0.
StateLogRecord stateRecord(StateField field, qint64 offset, qint64 value, qint64 stateOffset)
{
    StateChange c;
    c.field = field;
    c.message = {Topic, 0, offset};
    c.value = value;
    c.desktopId = QStringLiteral("third-desktop");
    c.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return {c, stateOffset};
}

// (is_read, is_archived) of the one message the store holds.
std::pair<int, int> flagsOf(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT is_read, is_archived FROM messages")) || !q.next())
        return {-1, -1};
    return {q.value(0).toInt(), q.value(1).toInt()};
}

bool applyState(const QSqlDatabase &db, const QVector<StateLogRecord> &records)
{
    StateStore state(db);
    StateApplyResult result;
    StoreError error;
    const bool ok = state.applyIncoming(QStringLiteral("state-topic"), records, records.last().stateOffset + 1, &result, &error);
    if (!ok)
        qWarning("applyIncoming: %s", qPrintable(error.text));
    return ok;
}

} // namespace

class TestMessageResends : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sameUuidAndContentIsStoredOnce();
    void resendInTheSameBatchIsStoredOnce();
    void redeliveredResendIsStillACopy();
    void sameUuidOtherContentIsAnotherMessage_data();
    void sameUuidOtherContentIsAnotherMessage();
    void withoutUuidCoordinatesDecide();
    void oneMessageToTwoUsersIsTwoMessages();
    void recreatedTopicReusingCoordinatesIsNoResend();
    void deletingTheMessageForgetsItsCopies();
    void desktopsAgreeWhicheverCopyEachKept();
    void stateThatCameFirstMovesToTheCopyKept();

private:
    std::unique_ptr<TestInbox> m_inbox;
    QSqlDatabase m_db;
};

void TestMessageResends::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    m_db = m_inbox->database();
}

void TestMessageResends::cleanup()
{
    m_db = {};
    m_inbox.reset();
}

void TestMessageResends::sameUuidAndContentIsStoredOnce()
{
    MessageStore store(m_db);
    const Message first = decoded(sentValue(SentUuid), 0, 4);
    QCOMPARE(first.uuid, SentUuid);
    BatchResult result;
    StoreError error;
    QVERIFY2(store.writeBatch(batchOf({first}), &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 1);

    // The retried send: the same bytes, later in the log and on another partition.
    const Message copy = decoded(sentValue(SentUuid), 1, 9);
    QVERIFY2(store.writeBatch(batchOf({copy}), &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 0);
    QCOMPARE(result.resends, 1);
    QCOMPARE(result.duplicates, 1);
    QCOMPARE(store.messageCount(), 1);
    // Nothing to read again: the copy's offset is read, like any record's.
    QCOMPARE(store.readRanges(Topic, &error).value(1), (OffsetRanges{{9, 10}}));
    // The copy's coordinates point at the row that holds the message.
    QCOMPARE(countOf(m_db, QStringLiteral("SELECT count(*) FROM message_resends r JOIN messages m ON m.id = r.message_id"
                                          " WHERE r.kafka_partition = 1 AND r.kafka_offset = 9 AND m.kafka_offset = 4")),
             1);
}

void TestMessageResends::resendInTheSameBatchIsStoredOnce()
{
    MessageStore store(m_db);
    BatchResult result;
    StoreError error;
    QVERIFY2(store.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0), decoded(sentValue(SentUuid), 0, 1)}),
                              &result, &error),
             qPrintable(error.text));
    QCOMPARE(result.inserted, 1);
    QCOMPARE(result.resends, 1);
    QCOMPARE(store.messageCount(), 1);
    QCOMPARE(countOf(m_db, QStringLiteral("SELECT kafka_offset FROM messages")), 0);
}

void TestMessageResends::redeliveredResendIsStillACopy()
{
    MessageStore store(m_db);
    const IngestBatch both = batchOf({decoded(sentValue(SentUuid), 0, 0), decoded(sentValue(SentUuid), 0, 1)});
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(both, &result, &error));
    // At-least-once: both records come again (a restart before the offsets were kept elsewhere).
    QVERIFY2(store.writeBatch(both, &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 0);
    QCOMPARE(result.duplicates, 2);
    QCOMPARE(result.resends, 1); // The original is a plain redelivery, not a copy of itself.
    QCOMPARE(store.messageCount(), 1);
    QCOMPARE(countOf(m_db, QStringLiteral("SELECT count(*) FROM message_resends")), 1);
}

void TestMessageResends::sameUuidOtherContentIsAnotherMessage_data()
{
    QTest::addColumn<QByteArray>("other");
    const auto edited = [](const char *field, const QJsonValue &value) {
        QJsonObject doc = QJsonDocument::fromJson(sentValue(SentUuid)).object();
        QJsonObject message = doc.value(QStringLiteral("ns-message")).toObject();
        message.insert(QLatin1String(field), value);
        doc.insert(QStringLiteral("ns-message"), message);
        return QJsonDocument(doc).toJson(QJsonDocument::Compact);
    };
    QTest::newRow("subject") << edited("subject", QStringLiteral("Dataset ready (2)"));
    QTest::newRow("body") << edited("body", QStringLiteral("Your export is ready!"));
    QTest::newRow("reference_url") << edited("reference_url", QStringLiteral("https://example.org/exports/8"));
    QTest::newRow("is_active") << edited("is_active", false);
    QTest::newRow("created_by") << edited("created_by", QStringLiteral("Someone Else"));
    QTest::newRow("created_date") << edited("created_date", QStringLiteral("2026-12-07T09:30:00.001Z"));
}

void TestMessageResends::sameUuidOtherContentIsAnotherMessage()
{
    QFETCH(QByteArray, other);
    MessageStore store(m_db);
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0)}), &result, &error));
    const Message reused = decoded(other, 0, 1);
    QCOMPARE(reused.uuid, SentUuid);
    QVERIFY2(store.writeBatch(batchOf({reused}), &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 1);
    QCOMPARE(result.resends, 0);
    QCOMPARE(store.messageCount(), 2);
}

void TestMessageResends::withoutUuidCoordinatesDecide()
{
    MessageStore store(m_db);
    BatchResult result;
    StoreError error;
    // The web service sending the same text twice: two messages, each with its coordinates' uuid.
    const Message a = decoded(SeedValue, 0, 0);
    const Message b = decoded(SeedValue, 0, 1);
    QCOMPARE(a.uuid, MessageCodec::uuidForCoordinates(Topic, 0, 0));
    QVERIFY2(store.writeBatch(batchOf({a, b}), &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 2);
    QCOMPARE(result.resends, 0);
    // Redelivered at the same coordinates: one each, as before.
    QVERIFY(store.writeBatch(batchOf({a, b}), &result, &error));
    QCOMPARE(result.inserted, 0);
    QCOMPARE(result.duplicates, 2);
    QCOMPARE(result.resends, 0);
    QCOMPARE(store.messageCount(), 2);
}

void TestMessageResends::oneMessageToTwoUsersIsTwoMessages()
{
    // A fan-out sends one message (one uuid) to every recipient's topic; a store that reads two of
    // them keeps it on each.
    MessageStore store(m_db);
    BatchResult result;
    StoreError error;
    const Message mine = decoded(sentValue(SentUuid), 0, 0);
    Message theirs = mine;
    theirs.kafkaTopic = QStringLiteral("5e2c7d1a-9b3f-4a6e-8c0d-1f2e3a4b5c6d");
    QVERIFY2(store.writeBatch(batchOf({mine, theirs}), &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 2);
    QCOMPARE(result.resends, 0);
}

void TestMessageResends::recreatedTopicReusingCoordinatesIsNoResend()
{
    MessageStore store(m_db);
    BatchResult result;
    StoreError error;
    const IngestBatch first = batchOf({decoded(SeedValue, 0, 0)});
    QVERIFY(store.writeBatch(first, &result, &error));
    RetiredTopic retired;
    QVERIFY2(TopicIncarnations::retire(m_db, Topic, QStringLiteral("test"), &retired, &error), qPrintable(error.text));
    // The new topic's first record: the same text at the same coordinates, so the same derived
    // uuid as the retired message's; a new message all the same.
    QVERIFY2(store.writeBatch(first, &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 1);
    QCOMPARE(result.resends, 0);
    QCOMPARE(store.messageCount(), 2);
}

void TestMessageResends::deletingTheMessageForgetsItsCopies()
{
    MessageStore store(m_db);
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0), decoded(sentValue(SentUuid), 0, 1)}), &result,
                             &error));
    QCOMPARE(countOf(m_db, QStringLiteral("SELECT count(*) FROM message_resends")), 1);
    QSqlQuery q(m_db);
    QVERIFY(q.exec(QStringLiteral("DELETE FROM messages")));
    QCOMPARE(countOf(m_db, QStringLiteral("SELECT count(*) FROM message_resends")), 0);
}

// The message sent twice, at offsets 0 and 1. Desktop A read the topic oldest first and kept the
// copy at 0; desktop B newest first and kept the copy at 1. State records about either copy (each
// desktop writes its own copy's coordinates) reach both: they agree, and the later record wins.
void TestMessageResends::desktopsAgreeWhicheverCopyEachKept()
{
    TestInbox b;
    QVERIFY2(b.isValid(), qPrintable(b.errorText()));
    MessageStore storeA(m_db), storeB(b.database());
    BatchResult result;
    StoreError error;
    QVERIFY(storeA.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0)}), &result, &error));
    QVERIFY(storeA.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 1)}), &result, &error));
    QVERIFY(storeB.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 1)}), &result, &error));
    QVERIFY(storeB.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0)}), &result, &error));
    QCOMPARE(result.resends, 1);
    QCOMPARE(countOf(m_db, QStringLiteral("SELECT kafka_offset FROM messages")), 0);
    QCOMPARE(countOf(b.database(), QStringLiteral("SELECT kafka_offset FROM messages")), 1);

    // A marks it read (by copy 0), B archives it and marks it unread (by copy 1).
    const QVector<StateLogRecord> log{stateRecord(StateField::Read, 0, 1, 10), stateRecord(StateField::Archived, 1, 1, 11),
                                      stateRecord(StateField::Read, 1, 0, 12)};
    QVERIFY(applyState(m_db, log));
    QVERIFY(applyState(b.database(), log));
    QCOMPARE(flagsOf(m_db), std::make_pair(0, 1));
    QCOMPARE(flagsOf(b.database()), std::make_pair(0, 1));

    // Read again by copy 0: both.
    QVERIFY(applyState(m_db, {stateRecord(StateField::Read, 0, 1, 13)}));
    QVERIFY(applyState(b.database(), {stateRecord(StateField::Read, 0, 1, 13)}));
    QCOMPARE(flagsOf(m_db), std::make_pair(1, 1));
    QCOMPARE(flagsOf(b.database()), std::make_pair(1, 1));
}

// The state topic is read beside the messages: a record about copy 0 may come while only copy 1
// is stored (nothing tells yet that they are one message). When copy 0 comes, a resend, its
// state goes to copy 1, unless a later record about copy 1 says otherwise.
void TestMessageResends::stateThatCameFirstMovesToTheCopyKept()
{
    TestInbox b;
    QVERIFY2(b.isValid(), qPrintable(b.errorText()));
    MessageStore storeB(b.database());
    BatchResult result;
    StoreError error;
    QVERIFY(storeB.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 1)}), &result, &error));
    QVERIFY(applyState(b.database(), {stateRecord(StateField::Archived, 1, 0, 19), stateRecord(StateField::Read, 0, 1, 20),
                                      stateRecord(StateField::Archived, 0, 1, 21)}));
    QCOMPARE(flagsOf(b.database()), std::make_pair(0, 0)); // Copy 0 is not known here yet.

    QVERIFY2(storeB.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0)}), &result, &error), qPrintable(error.text));
    QCOMPARE(result.resends, 1);
    // Read (20) and archived (21, later than copy 1's own unarchive at 19).
    QCOMPARE(flagsOf(b.database()), std::make_pair(1, 1));
    QCOMPARE(countOf(b.database(), QStringLiteral("SELECT count(*) FROM message_state")), 1);
    QCOMPARE(countOf(b.database(), QStringLiteral("SELECT read_at FROM message_state WHERE msg_offset = 1")), 20);

    // A later record about copy 1 than what copy 0 brought: copy 1's wins.
    TestInbox c;
    QVERIFY2(c.isValid(), qPrintable(c.errorText()));
    MessageStore storeC(c.database());
    QVERIFY(storeC.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 1)}), &result, &error));
    QVERIFY(applyState(c.database(), {stateRecord(StateField::Read, 0, 1, 30), stateRecord(StateField::Read, 1, 0, 31)}));
    QVERIFY(storeC.writeBatch(batchOf({decoded(sentValue(SentUuid), 0, 0)}), &result, &error));
    QCOMPARE(flagsOf(c.database()), std::make_pair(0, 0));
}

QTEST_GUILESS_MAIN(TestMessageResends)
#include "tst_messageresends.moc"
