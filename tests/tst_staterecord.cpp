// State records: round trips of every field, and one row per bad-input class, each a clear error.
#include "StateRecord.h"

#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QString Topic = u"0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"_s;
const QString Desktop = u"5b1e0c9a-2f4d-4e8b-9a7c-1d2e3f4a5b6c"_s;
const QString Change = u"c0ffee00-1111-4222-8333-444455556666"_s;

StateChange change(StateField field, qint64 offset, qint64 value)
{
    StateChange c;
    c.field = field;
    c.message = {Topic, 3, offset};
    c.value = value;
    c.desktopId = Desktop;
    c.changeId = Change;
    c.madeAtMs = 1'764'460'800'000;
    return c;
}

// The value of a read record of message (Topic, 3, 7) with one member's text replaced or removed.
QByteArray value(const QByteArray &field = "\"read\"", const QByteArray &partition = "3", const QByteArray &offset = "7",
                 const QByteArray &v = "1", const QByteArray &extra = {})
{
    return "{\"ns-state\": {\"field\": " + field + ", \"topic\": \"" + Topic.toUtf8() + "\", \"partition\": " + partition
        + ", \"offset\": " + offset + ", \"value\": " + v + ", \"desktop\": \"" + Desktop.toUtf8() + "\", \"change\": \""
        + Change.toUtf8() + "\", \"made_at\": 1" + extra + "}}";
}

const QString Search = u"8f14e45f-ceea-4e7a-9c2b-1d0f3a5b7c9e"_s;

StateChange savedSearch(const QString &name, const QString &query, int position, bool deleted = false)
{
    StateChange c;
    c.field = StateField::SavedSearch;
    c.savedSearch = {Search, name, query, position, deleted};
    c.desktopId = Desktop;
    c.changeId = Change;
    c.madeAtMs = 1'764'460'800'000;
    return c;
}

// A saved-search record with one member's text replaced (`uuid` etc.), or extra members after.
QByteArray searchValue(const QByteArray &uuid = "\"" + Search.toUtf8() + "\"", const QByteArray &position = "2",
                       const QByteArray &deleted = "false", const QByteArray &extra = {})
{
    return "{\"ns-state\": {\"field\": \"saved-search\", \"uuid\": " + uuid
        + ", \"name\": \"Billing\", \"query\": \"from:billing is:unread\", \"position\": " + position
        + ", \"deleted\": " + deleted + ", \"desktop\": \"" + Desktop.toUtf8() + "\", \"change\": \"" + Change.toUtf8()
        + "\", \"made_at\": 1" + extra + "}}";
}

QByteArray searchKey()
{
    return "saved-search/" + Search.toUtf8();
}

QByteArray readKey(qint64 offset = 7)
{
    return "read/" + Topic.toUtf8() + "/3/" + QByteArray::number(offset);
}

} // namespace

class TestStateRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void keysAreReadable();
    void topicName_data();
    void topicName();
    void decodesHandWrittenRecords();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void savedSearchIsAKindOfLaterVersions();
    void errorPointerIsOptional();
};

void TestStateRecord::roundTrip_data()
{
    QTest::addColumn<StateChange>("change");
    QTest::newRow("read") << change(StateField::Read, 7, 1);
    QTest::newRow("unread") << change(StateField::Read, 7, 0);
    QTest::newRow("archived") << change(StateField::Archived, 0, 1);
    QTest::newRow("unarchived") << change(StateField::Archived, 12, 0);
    QTest::newRow("snoozed") << change(StateField::Snoozed, 9, 1'764'500'000'000);
    QTest::newRow("not snoozed") << change(StateField::Snoozed, 9, 0);
    QTest::newRow("all read") << change(StateField::AllRead, 1'000'000, 0);
    QTest::newRow("64-bit offset") << change(StateField::Read, 5'000'000'000LL, 1);
    StateChange noTime = change(StateField::Archived, 1, 1);
    noTime.madeAtMs = 0;
    QTest::newRow("no time") << noTime;
    StateChange otherIds = change(StateField::Read, 1, 1);
    otherIds.desktopId = u"desk.top_1"_s;
    otherIds.changeId = u"Ünïcode-id"_s;
    otherIds.message.topic = u"A.b_c-9"_s;
    QTest::newRow("other ids and topic") << otherIds;
    QTest::newRow("saved search") << savedSearch(u"Billing"_s, u"from:billing is:unread after:7d"_s, 2);
    QTest::newRow("saved search, quotes and non-ASCII") << savedSearch(u"Prüfung \"heute\""_s, u"subject:\"Straße 5\" -from:ops"_s, 0);
    QTest::newRow("saved search deleted") << savedSearch(u"Billing"_s, u"from:billing"_s, 4, true);
}

void TestStateRecord::roundTrip()
{
    QFETCH(StateChange, change);
    const QByteArray key = StateRecordCodec::key(change);
    const QByteArray value = StateRecordCodec::encode(change);
    QString error = u"not cleared"_s;
    const std::optional<StateChange> decoded = StateRecordCodec::decode(key, value, &error);
    QVERIFY2(decoded, qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(*decoded, change);
    QVERIFY(value.size() < 400); // A few hundred bytes per record, whatever the field.
}

void TestStateRecord::keysAreReadable()
{
    QCOMPARE(StateRecordCodec::key(change(StateField::Read, 7, 1)), readKey(7));
    QCOMPARE(StateRecordCodec::key(change(StateField::Archived, 7, 0)), "archived/" + Topic.toUtf8() + "/3/7");
    QCOMPARE(StateRecordCodec::key(change(StateField::Snoozed, 7, 5)), "snoozed/" + Topic.toUtf8() + "/3/7");
    // Per desktop, not per watermark: a desktop's later mark-all replaces its earlier one in compaction.
    QCOMPARE(StateRecordCodec::key(change(StateField::AllRead, 99, 0)), "all-read/" + Topic.toUtf8() + "/3/" + Desktop.toUtf8());
    QCOMPARE(StateRecordCodec::key(change(StateField::AllRead, 99, 0)), StateRecordCodec::key(change(StateField::AllRead, 500, 0)));
    // One key per saved search, whatever changed: compaction keeps its last state, a deletion too.
    QCOMPARE(StateRecordCodec::key(savedSearch(u"a"_s, u"x"_s, 0)), searchKey());
    QCOMPARE(StateRecordCodec::key(savedSearch(u"b"_s, u"y"_s, 3, true)), searchKey());
    // Same message, different fields: different keys (compaction keeps each field's last value).
    QVERIFY(StateRecordCodec::key(change(StateField::Read, 7, 1)) != StateRecordCodec::key(change(StateField::Archived, 7, 1)));
}

void TestStateRecord::topicName_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("topic");
    QTest::newRow("canonical") << Topic << Topic + u".state"_s;
    QTest::newRow("upper case") << Topic.toUpper() << Topic + u".state"_s;
    QTest::newRow("braces and spaces") << u" {"_s + Topic + u"} "_s << Topic + u".state"_s;
    QTest::newRow("not a uuid") << u"Demo"_s << u"demo.state"_s;
}

void TestStateRecord::topicName()
{
    QFETCH(QString, user);
    QFETCH(QString, topic);
    QCOMPARE(StateTopic::nameFor(user), topic);
    QCOMPARE(StateTopic::Partition, 0);
}

void TestStateRecord::decodesHandWrittenRecords()
{
    // What another program (or a person with kcat) would write: spaces, any member order,
    // members this version does not know (a later version may add some), made_at left out.
    const QByteArray handWritten = "{ \"ns-state\" : { \"change\":\"" + Change.toUtf8() + "\", \"desktop\":\"" + Desktop.toUtf8()
        + "\", \"value\":0, \"offset\":7, \"partition\":3, \"topic\":\"" + Topic.toUtf8()
        + "\", \"field\":\"read\", \"note\": {\"by\": \"a later version\"} }, \"other\": 1 }";
    QString error;
    const std::optional<StateChange> c = StateRecordCodec::decode(readKey(7), handWritten, &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->field, StateField::Read);
    QCOMPARE(c->value, 0);
    QCOMPARE(c->madeAtMs, 0);
    QCOMPARE(c->message, (MessageCoordinates{Topic, 3, 7}));
    // Unsigned JSON numbers within range are fine.
    QVERIFY(StateRecordCodec::decode(readKey(7), value("\"read\"", "3", "7", "1", ", \"x\": 18446744073709551615"), &error));
}

void TestStateRecord::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("why"); // A part of the error the user (or a log reader) sees.

    const QByteArray k = readKey(7);
    QTest::newRow("the reference is valid") << k << value() << QString(); // The rows below each break one thing.
    QTest::newRow("tombstone") << k << QByteArray() << u"tombstone"_s;
    QTest::newRow("empty value") << k << QByteArray("") << u"not valid JSON"_s;
    QTest::newRow("not JSON") << k << QByteArray("read it, please") << u"not valid JSON"_s;
    QTest::newRow("truncated JSON") << k << value().left(40) << u"not valid JSON"_s;
    QTest::newRow("a JSON array") << k << QByteArray("[1, 2]") << u"not an object"_s;
    QTest::newRow("a JSON string") << k << QByteArray("\"read\"") << u"not an object"_s;
    QTest::newRow("a message, not a state") << k << QByteArray(R"({"ns-message": {"subject": "s", "body": "b"}})")
                                            << u"no \"ns-state\""_s;
    QTest::newRow("envelope not an object") << k << QByteArray(R"({"ns-state": [1]})") << u"not an object"_s;
    QTest::newRow("too deep") << k << QByteArray(R"({"ns-state": {"field": [[[[[[1]]]]]]}})") << u"deeper"_s;
    QTest::newRow("deep nesting attack") << k << QByteArray(10000, '[') << u"deeper"_s;
    QTest::newRow("oversize") << k << value("\"read\"", "3", "7", "1", ", \"pad\": \"" + QByteArray(20000, 'x') + "\"")
                              << u"more than"_s;
    QTest::newRow("invalid UTF-8 value") << k << value("\"re\xff\xfe\"") << u"UTF-8"_s;
    QTest::newRow("invalid UTF-8 key") << QByteArray("read/\xc3\x28/3/7") << value() << u"key is not valid UTF-8"_s;
    QTest::newRow("oversize key") << QByteArray(2000, 'k') << value() << u"key has"_s;
    QTest::newRow("unknown field") << k << value("\"starred\"") << u"not a field NS Inbox knows"_s;
    QTest::newRow("field not a string") << k << value("1") << u"\"field\" is a number"_s;
    QTest::newRow("partition a string") << k << value("\"read\"", "\"3\"") << u"\"partition\" is a string"_s;
    QTest::newRow("offset a float") << k << value("\"read\"", "3", "7.0") << u"\"offset\" is a number, not an integer"_s;
    QTest::newRow("value a boolean") << k << value("\"read\"", "3", "7", "true") << u"\"value\" is a boolean"_s;
    QTest::newRow("value null") << k << value("\"read\"", "3", "7", "null") << u"\"value\" is a null"_s;
    QTest::newRow("negative partition") << "read/" + Topic.toUtf8() + "/-1/7" << value("\"read\"", "-1") << u"\"partition\" is negative"_s;
    QTest::newRow("negative offset") << "read/" + Topic.toUtf8() + "/3/-7" << value("\"read\"", "3", "-7") << u"\"offset\" is negative"_s;
    QTest::newRow("huge partition") << k << value("\"read\"", "4294967296") << u"\"partition\" is too large"_s;
    QTest::newRow("offset beyond 64 bits") << k << value("\"read\"", "3", "18446744073709551615") << u"too large"_s;
    QTest::newRow("read value 2") << k << value("\"read\"", "3", "7", "2") << u"must be 0 or 1"_s;
    QTest::newRow("negative snooze") << "snoozed/" + Topic.toUtf8() + "/3/7" << value("\"snoozed\"", "3", "7", "-5") << u"negative"_s;
    const QByteArray noDesktop = QByteArray(value()).replace("\"desktop\"", "\"desk\"");
    QTest::newRow("desktop missing") << k << noDesktop << u"\"desktop\" is missing"_s;
    const QByteArray emptyChange = QByteArray(value()).replace(Change.toUtf8(), "");
    QTest::newRow("change id empty") << k << emptyChange << u"\"change\" must be"_s;
    const QByteArray slashDesktop = QByteArray(value()).replace(Desktop.toUtf8(), "a/b");
    QTest::newRow("desktop id with a slash") << k << slashDesktop << u"without '/'"_s;
    const QByteArray badTopic = QByteArray(value()).replace(Topic.toUtf8(), "a topic");
    QTest::newRow("topic not a topic name") << QByteArray("read/a topic/3/7") << badTopic << u"not a Kafka topic name"_s;
    QTest::newRow("key of another message") << readKey(8) << value() << u"does not match the value"_s;
    QTest::newRow("key of another field") << "archived/" + Topic.toUtf8() + "/3/7" << value() << u"does not match"_s;
    QTest::newRow("key with leading zeros") << readKey(7).replace("/7", "/07") << value() << u"does not match"_s;
    QTest::newRow("no key") << QByteArray() << value() << u"does not match"_s;
    // Saved searches (issue 22).
    const QByteArray sk = searchKey();
    QTest::newRow("saved search: the reference is valid") << sk << searchValue() << QString();
    QTest::newRow("saved search: unknown members ignored") << sk << searchValue("\"" + Search.toUtf8() + "\"", "2", "false", ", \"colour\": \"red\"") << QString();
    QTest::newRow("saved search: uuid missing") << sk << QByteArray(searchValue()).replace("\"uuid\"", "\"uid\"") << u"\"uuid\" is missing"_s;
    QTest::newRow("saved search: uuid not a UUID") << QByteArray("saved-search/abc") << searchValue("\"abc\"") << u"not a UUID"_s;
    QTest::newRow("saved search: uuid in upper case") << "saved-search/" + Search.toUpper().toUtf8()
                                                      << searchValue("\"" + Search.toUpper().toUtf8() + "\"") << u"canonical lowercase"_s;
    QTest::newRow("saved search: uuid a number") << sk << searchValue("5") << u"\"uuid\" is a number"_s;
    QTest::newRow("saved search: name missing") << sk << QByteArray(searchValue()).replace("\"name\"", "\"title\"") << u"\"name\" is missing"_s;
    QTest::newRow("saved search: query null") << sk << QByteArray(searchValue()).replace("\"from:billing is:unread\"", "null") << u"\"query\" is a null"_s;
    QTest::newRow("saved search: negative position") << sk << searchValue("\"" + Search.toUtf8() + "\"", "-1") << u"\"position\" must be"_s;
    QTest::newRow("saved search: huge position") << sk << searchValue("\"" + Search.toUtf8() + "\"", "4294967296") << u"\"position\" must be"_s;
    QTest::newRow("saved search: position a string") << sk << searchValue("\"" + Search.toUtf8() + "\"", "\"2\"") << u"\"position\" is a string"_s;
    QTest::newRow("saved search: deleted a number") << sk << searchValue("\"" + Search.toUtf8() + "\"", "2", "1") << u"\"deleted\" is a number, not a boolean"_s;
    QTest::newRow("saved search: key of another search") << QByteArray("saved-search/0b6e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4") << searchValue() << u"does not match"_s;
    QTest::newRow("saved search: key of a message") << readKey(7) << searchValue() << u"does not match"_s;
    QTest::newRow("all-read key of another desktop") << "all-read/" + Topic.toUtf8() + "/3/someone-else"
                                                     << value("\"all-read\"", "3", "100", "0") << u"does not match"_s;
}

void TestStateRecord::rejectsBadInput()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(QString, why);
    QString error = u"not cleared"_s;
    const std::optional<StateChange> c = StateRecordCodec::decode(key, value, &error);
    if (why.isEmpty()) {
        QVERIFY2(c, qPrintable(error));
        QVERIFY(error.isEmpty());
        return;
    }
    QVERIFY2(!c, "a bad record was accepted");
    QVERIFY2(error.contains(why), qPrintable(u"error \"%1\" does not say \"%2\""_s.arg(error, why)));
}

// What a desktop of an earlier version needs from these records: the kind is unknown to it, so
// the existing rule applies (a record of a later version, kept to be read again once upgraded).
void TestStateRecord::savedSearchIsAKindOfLaterVersions()
{
    // A record without "deleted" (a hand-written one) is not a deletion.
    QByteArray noDeleted = searchValue();
    noDeleted.replace(", \"deleted\": false", "");
    QString error;
    const std::optional<StateChange> c = StateRecordCodec::decode(searchKey(), noDeleted, &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->savedSearch, (SavedSearchState{Search, u"Billing"_s, u"from:billing is:unread"_s, 2, false}));
    QCOMPARE(c->message, MessageCoordinates{});
    // Same envelope, a field kind: an earlier build (KnownKindsVersion 1) said "newer kind" for
    // any kind it did not know, as it does for this one today (the "starred" row above).
    bool newer = true;
    QVERIFY(StateRecordCodec::decode(searchKey(), searchValue(), &error, &newer));
    QVERIFY(!newer);
    QVERIFY(!StateRecordCodec::decode(searchKey(), QByteArray(searchValue()).replace("saved-search\"", "saved-filter\""), &error, &newer));
    QVERIFY(newer);
    QVERIFY(StateRecordCodec::KnownKindsVersion >= 2);
}

void TestStateRecord::errorPointerIsOptional()
{
    QVERIFY(!StateRecordCodec::decode(readKey(), QByteArray("nope"), nullptr));
    QVERIFY(StateRecordCodec::decode(readKey(), value(), nullptr));
}

QTEST_GUILESS_MAIN(TestStateRecord)
#include "tst_staterecord.moc"
