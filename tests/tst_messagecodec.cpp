// Codec: every valid shape the seed's web service writes, and one row per bad-input class.
#include "MessageCodec.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QDateTime ReceivedAt = QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);
const QDateTime RecordTime = QDateTime(QDate(2026, 11, 27), QTime(11, 59), Qt::UTC);

KafkaRecord record(std::optional<QByteArray> value, std::optional<QByteArray> key = std::nullopt)
{
    KafkaRecord r;
    r.topic = QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21");
    r.partition = 2;
    r.offset = 5'000'000'000LL; // Beyond 32 bits on purpose.
    r.key = std::move(key);
    r.value = std::move(value);
    r.timestamp = RecordTime;
    return r;
}

// Python's json.dumps(...).encode(): ASCII-only with \u escapes, ", " and ": " separators.
QByteArray pythonDumps(const QString &subject, const QString &body, const QString &url, bool active)
{
    nlohmann::json doc = {{"ns-message", {{"subject", subject.toStdString()}, {"body", body.toStdString()},
                                          {"reference_url", url.toStdString()}, {"is_active", active}}}};
    std::string out = doc.dump();
    QByteArray ascii;
    const QString text = QString::fromStdString(out);
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            ascii.append(static_cast<char>(c.unicode()));
        else
            ascii.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toLatin1());
    }
    return ascii;
}

QByteArray envelope(const QByteArray &inner)
{
    return QByteArrayLiteral("{\"ns-message\": {") + inner + QByteArrayLiteral("}}");
}

} // namespace

class TestMessageCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsSeedMessages_data();
    void acceptsSeedMessages();
    void keysNeverCostTheMessage_data();
    void keysNeverCostTheMessage();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void rejectionKeepsCoordinatesAndCappedCopy();
    void everyReasonHasItsOwnName();
    void optionalFieldsAreRead();
    void recordWithoutUuidGetsStableUuid();
    void encodeRoundTripsAndAlwaysCarriesReferenceUrl();
};

void TestMessageCodec::acceptsSeedMessages_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("active");

    const QString url = QStringLiteral("https://ns-dev-1.cyberimpact.us");
    QTest::newRow("seed welcome") << pythonDumps(QStringLiteral("Welcome"), QStringLiteral("Hello Ada, welcome to the Notary Service!"), url, true)
                                  << QStringLiteral("Welcome") << QStringLiteral("Hello Ada, welcome to the Notary Service!") << url << true;
    const QString accents = QStringLiteral("Jürgen Müller — Río Grande");
    QTest::newRow("non-ascii escaped") << pythonDumps(accents, accents, url, true) << accents << accents << url << true;
    QTest::newRow("non-ascii raw utf-8") << envelope(QStringLiteral("\"subject\": \"%1\", \"body\": \"b\", \"reference_url\": \"\", \"is_active\": true").arg(accents).toUtf8())
                                         << accents << QStringLiteral("b") << QString() << true;
    const QString emoji = QStringLiteral("Approved ✅ \U0001F389");
    QTest::newRow("emoji (surrogate pairs)") << pythonDumps(emoji, emoji, url, true) << emoji << emoji << url << true;
    QTest::newRow("empty reference_url") << pythonDumps(QStringLiteral("s"), QStringLiteral("b"), QString(), true)
                                         << QStringLiteral("s") << QStringLiteral("b") << QString() << true;
    QTest::newRow("null reference_url") << envelope("\"subject\": \"s\", \"body\": \"b\", \"reference_url\": null")
                                        << QStringLiteral("s") << QStringLiteral("b") << QString() << true;
    QTest::newRow("no reference_url") << envelope("\"subject\": \"s\", \"body\": \"b\"")
                                      << QStringLiteral("s") << QStringLiteral("b") << QString() << true;
    QTest::newRow("is_active false") << pythonDumps(QStringLiteral("s"), QStringLiteral("b"), url, false)
                                     << QStringLiteral("s") << QStringLiteral("b") << url << false;
    QTest::newRow("is_active absent") << envelope("\"subject\": \"s\", \"body\": \"b\", \"reference_url\": \"\"")
                                      << QStringLiteral("s") << QStringLiteral("b") << QString() << true;
    QTest::newRow("extra keys ignored") << QByteArray("{\"v\": 2, \"ns-message\": {\"subject\": \"s\", \"body\": \"b\", \"reference_url\": \"\", "
                                                      "\"is_active\": true, \"priority\": \"high\", \"tags\": [1, {\"a\": null}]}}")
                                        << QStringLiteral("s") << QStringLiteral("b") << QString() << true;
    const QString longest(255, QLatin1Char('x'));
    QTest::newRow("subject of exactly 255") << pythonDumps(longest, QStringLiteral("b"), QString(), true) << longest << QStringLiteral("b") << QString() << true;
    QString emoji255;
    for (int i = 0; i < 255; ++i)
        emoji255 += QStringLiteral("\U0001F600");
    QTest::newRow("255 emoji (510 UTF-16 units)") << pythonDumps(emoji255, QStringLiteral("b"), QString(), true) << emoji255 << QStringLiteral("b") << QString() << true;
    QTest::newRow("html stays text") << pythonDumps(QStringLiteral("<b>hi</b>"), QStringLiteral("<script>alert(1)</script>"), QString(), true)
                                     << QStringLiteral("<b>hi</b>") << QStringLiteral("<script>alert(1)</script>") << QString() << true;
    QTest::newRow("escaped NUL in body") << envelope("\"subject\": \"s\", \"body\": \"a\\u0000b\"") << QStringLiteral("s")
                                         << QString::fromUtf16(u"a\0b", 3) << QString() << true;
    QTest::newRow("utf-8 BOM-free whitespace") << QByteArray("  \n") + pythonDumps(QStringLiteral("s"), QStringLiteral("b"), QString(), true) + QByteArray("\n")
                                               << QStringLiteral("s") << QStringLiteral("b") << QString() << true;
}

void TestMessageCodec::acceptsSeedMessages()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, subject);
    QFETCH(QString, body);
    QFETCH(QString, url);
    QFETCH(bool, active);

    const DecodeResult result = MessageCodec::decode(record(value, QByteArray("key-1")), ReceivedAt);
    QVERIFY2(result.isAccepted(), qPrintable(result.isAccepted() ? QString() : result.rejection().detail));
    const Message &m = result.message();
    QCOMPARE(m.subject, subject);
    QCOMPARE(m.body, body);
    QCOMPARE(m.referenceUrl, url);
    QCOMPARE(m.isActive, active);
    QCOMPARE(m.kafkaTopic, QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21"));
    QCOMPARE(m.kafkaPartition, 2);
    QCOMPARE(m.kafkaOffset, 5'000'000'000LL);
    QCOMPARE(m.kafkaKey, std::optional<QString>(QStringLiteral("key-1")));
    QCOMPARE(m.createdBy, QStringLiteral("System Account"));
    QCOMPARE(m.createdDate, RecordTime);
    QCOMPARE(m.receivedDate, ReceivedAt);
    QVERIFY(!m.uuid.isEmpty());
}

// The key is metadata: one the store cannot keep as it came is shown escaped or shortened, and
// the message is stored (it used to be rejected whole).
void TestMessageCodec::keysNeverCostTheMessage_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("stored");
    QTest::newRow("text") << QByteArray("user-42") << u"user-42"_s;
    QTest::newRow("utf-8") << QByteArray("J\xc3\xbcrgen") << u"J\u00fcrgen"_s;
    QTest::newRow("not utf-8") << QByteArray("\xff\x00\x01", 3) << u"\\xff\\x00\\x01"_s;
    QTest::newRow("not utf-8, text and a backslash") << QByteArray("a\\b\xc3", 4) << u"a\\x5cb\\xc3"_s;
    QTest::newRow("255 characters") << QByteArray(255, 'k') << QString(255, u'k');
    QTest::newRow("256 characters") << QByteArray(256, 'k') << QString(254, u'k') + QChar(0x2026);
    QTest::newRow("a megabyte") << QByteArray(1 << 20, 'k') << QString(254, u'k') + QChar(0x2026);
    QTest::newRow("emoji past 255") << QByteArray(300, 'x').replace(0, 4, "\xf0\x9f\x98\x80")
                                    << u"\U0001F600"_s + QString(253, u'x') + QChar(0x2026);
}

void TestMessageCodec::keysNeverCostTheMessage()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, stored);
    KafkaRecord record;
    record.topic = u"t"_s;
    record.value = envelope("\"subject\": \"s\", \"body\": \"b\"");
    record.key = key;
    const DecodeResult result = MessageCodec::decode(record, QDateTime::currentDateTimeUtc());
    QVERIFY(result.isAccepted());
    QCOMPARE(result.message().kafkaKey.value_or(QString()), stored);
}

void TestMessageCodec::rejectsBadInput_data()
{
    QTest::addColumn<std::optional<QByteArray>>("value");
    QTest::addColumn<std::optional<QByteArray>>("key");
    QTest::addColumn<RejectReason>("reason");

    const auto v = [](const char *s) { return std::optional<QByteArray>(QByteArray(s)); };
    const std::optional<QByteArray> noKey;
    const auto ok = [](const char *fields) { return std::optional<QByteArray>(envelope(fields)); };

    QTest::newRow("tombstone") << std::optional<QByteArray>() << noKey << RejectReason::Tombstone;
    QTest::newRow("empty value") << v("") << noKey << RejectReason::NotJson;
    QTest::newRow("not json") << v("Hello, world") << noKey << RejectReason::NotJson;
    QTest::newRow("truncated json") << v("{\"ns-message\": {\"subject\": \"s\"") << noKey << RejectReason::NotJson;
    QTest::newRow("trailing garbage") << std::optional<QByteArray>(envelope("\"subject\": \"s\", \"body\": \"b\"") + "x") << noKey << RejectReason::NotJson;
    QTest::newRow("python repr, not json") << v("{'ns-message': {'subject': 's', 'body': 'b'}}") << noKey << RejectReason::NotJson;
    QTest::newRow("invalid utf-8 in string") << v("{\"ns-message\": {\"subject\": \"\xff\xfe\", \"body\": \"b\"}}") << noKey << RejectReason::InvalidUtf8;
    QTest::newRow("overlong utf-8") << v("{\"ns-message\": {\"subject\": \"\xc0\xaf\", \"body\": \"b\"}}") << noKey << RejectReason::InvalidUtf8;
    QTest::newRow("lone surrogate escape") << v("{\"ns-message\": {\"subject\": \"\\ud800\", \"body\": \"b\"}}") << noKey << RejectReason::NotJson;
    QTest::newRow("json array") << v("[{\"ns-message\": {}}]") << noKey << RejectReason::NotAnObject;
    QTest::newRow("json string") << v("\"ns-message\"") << noKey << RejectReason::NotAnObject;
    QTest::newRow("json number") << v("42") << noKey << RejectReason::NotAnObject;
    QTest::newRow("json null") << v("null") << noKey << RejectReason::NotAnObject;
    QTest::newRow("no ns-message") << v("{\"message\": {\"subject\": \"s\", \"body\": \"b\"}}") << noKey << RejectReason::MissingEnvelope;
    QTest::newRow("ns-message is a string") << v("{\"ns-message\": \"hello\"}") << noKey << RejectReason::EnvelopeNotAnObject;
    QTest::newRow("ns-message is null") << v("{\"ns-message\": null}") << noKey << RejectReason::EnvelopeNotAnObject;
    QTest::newRow("ns-message is an array") << v("{\"ns-message\": []}") << noKey << RejectReason::EnvelopeNotAnObject;
    QTest::newRow("missing subject") << ok("\"body\": \"b\"") << noKey << RejectReason::MissingSubject;
    QTest::newRow("empty subject") << ok("\"subject\": \"\", \"body\": \"b\"") << noKey << RejectReason::EmptySubject;
    QTest::newRow("subject is a number") << ok("\"subject\": 1, \"body\": \"b\"") << noKey << RejectReason::SubjectNotString;
    QTest::newRow("subject is null") << ok("\"subject\": null, \"body\": \"b\"") << noKey << RejectReason::SubjectNotString;
    QTest::newRow("subject of 256") << std::optional<QByteArray>(envelope("\"subject\": \"" + QByteArray(256, 'x') + "\", \"body\": \"b\""))
                                    << noKey << RejectReason::SubjectTooLong;
    QTest::newRow("missing body") << ok("\"subject\": \"s\"") << noKey << RejectReason::MissingBody;
    QTest::newRow("empty body") << ok("\"subject\": \"s\", \"body\": \"\"") << noKey << RejectReason::EmptyBody;
    QTest::newRow("body is an object") << ok("\"subject\": \"s\", \"body\": {}") << noKey << RejectReason::BodyNotString;
    QTest::newRow("body is a list") << ok("\"subject\": \"s\", \"body\": [\"b\"]") << noKey << RejectReason::BodyNotString;
    QTest::newRow("reference_url is a number") << ok("\"subject\": \"s\", \"body\": \"b\", \"reference_url\": 7") << noKey << RejectReason::ReferenceUrlNotString;
    QTest::newRow("reference_url is a bool") << ok("\"subject\": \"s\", \"body\": \"b\", \"reference_url\": false") << noKey << RejectReason::ReferenceUrlNotString;
    QTest::newRow("is_active is a string") << ok("\"subject\": \"s\", \"body\": \"b\", \"is_active\": \"true\"") << noKey << RejectReason::IsActiveNotBoolean;
    QTest::newRow("is_active is 1") << ok("\"subject\": \"s\", \"body\": \"b\", \"is_active\": 1") << noKey << RejectReason::IsActiveNotBoolean;
    QTest::newRow("is_active is null") << ok("\"subject\": \"s\", \"body\": \"b\", \"is_active\": null") << noKey << RejectReason::IsActiveNotBoolean;
    QTest::newRow("uuid is a number") << ok("\"subject\": \"s\", \"body\": \"b\", \"uuid\": 5") << noKey << RejectReason::OptionalFieldWrongType;
    QTest::newRow("uuid is not a uuid") << ok("\"subject\": \"s\", \"body\": \"b\", \"uuid\": \"nope\"") << noKey << RejectReason::OptionalFieldWrongType;
    QTest::newRow("created_date not a date") << ok("\"subject\": \"s\", \"body\": \"b\", \"created_date\": \"yesterday\"") << noKey << RejectReason::OptionalFieldWrongType;
    QTest::newRow("oversize") << std::optional<QByteArray>(envelope("\"subject\": \"s\", \"body\": \"" + QByteArray(MessageCodec::MaxValueSize, 'b') + "\""))
                              << noKey << RejectReason::Oversize;
    QTest::newRow("nested too deep") << std::optional<QByteArray>(QByteArray(100'000, '[') + QByteArray(100'000, ']')) << noKey << RejectReason::TooDeep;
}

void TestMessageCodec::rejectsBadInput()
{
    QFETCH(std::optional<QByteArray>, value);
    QFETCH(std::optional<QByteArray>, key);
    QFETCH(RejectReason, reason);

    const DecodeResult result = MessageCodec::decode(record(value, key), ReceivedAt);
    QVERIFY2(!result.isAccepted(), "a bad record was accepted");
    QCOMPARE(rejectReasonName(result.rejection().reason), rejectReasonName(reason));
    QVERIFY(!result.rejection().detail.isEmpty());
}

void TestMessageCodec::rejectionKeepsCoordinatesAndCappedCopy()
{
    const QByteArray big(10'000, 'z');
    const DecodeResult result = MessageCodec::decode(record(big, QByteArray("k")), ReceivedAt);
    QVERIFY(!result.isAccepted());
    const RejectedMessage &r = result.rejection();
    QCOMPARE(r.kafkaTopic, QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21"));
    QCOMPARE(r.kafkaPartition, 2);
    QCOMPARE(r.kafkaOffset, 5'000'000'000LL);
    QCOMPARE(r.kafkaKey, std::optional<QByteArray>(QByteArray("k")));
    QCOMPARE(r.rawSize, 10'000);
    QCOMPARE(r.rawValue, big.left(RejectedMessage::RawCopyLimit));
    QCOMPARE(r.receivedDate, ReceivedAt);

    const DecodeResult tombstone = MessageCodec::decode(record(std::nullopt), ReceivedAt);
    QCOMPARE(tombstone.rejection().rawSize, -1);
}

void TestMessageCodec::everyReasonHasItsOwnName()
{
    QSet<QString> names;
    for (int i = 0; i <= static_cast<int>(RejectReason::InvalidKey); ++i) {
        const auto reason = static_cast<RejectReason>(i);
        const QString name = rejectReasonName(reason);
        QVERIFY2(name != QLatin1String("unknown"), qPrintable(QString::number(i)));
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        RejectReason back{};
        QVERIFY(rejectReasonFromName(name, &back));
        QCOMPARE(back, reason);
    }
}

void TestMessageCodec::optionalFieldsAreRead()
{
    const QByteArray value = envelope("\"subject\": \"s\", \"body\": \"b\", \"reference_url\": \"\", \"is_active\": true, "
                                      "\"uuid\": \"0D3F4C52-7A8E-4F51-9C1E-5B2D6A7E8F90\", \"created_by\": \"Data Steward\", "
                                      "\"created_date\": \"2026-01-02T03:04:05.678+00:00\"");
    const DecodeResult result = MessageCodec::decode(record(value), ReceivedAt);
    QVERIFY(result.isAccepted());
    QCOMPARE(result.message().uuid, QStringLiteral("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"));
    QCOMPARE(result.message().createdBy, QStringLiteral("Data Steward"));
    QCOMPARE(result.message().createdDate, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC));
}

void TestMessageCodec::recordWithoutUuidGetsStableUuid()
{
    const QByteArray value = envelope("\"subject\": \"s\", \"body\": \"b\"");
    const QString a = MessageCodec::decode(record(value), ReceivedAt).message().uuid;
    const QString b = MessageCodec::decode(record(value), ReceivedAt.addDays(1)).message().uuid;
    KafkaRecord other = record(value);
    other.offset += 1;
    const QString c = MessageCodec::decode(other, ReceivedAt).message().uuid;
    QCOMPARE(a, b);
    QVERIFY(a != c);
    QVERIFY(!QUuid::fromString(a).isNull());
}

void TestMessageCodec::encodeRoundTripsAndAlwaysCarriesReferenceUrl()
{
    Message m;
    m.uuid = QStringLiteral("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90");
    m.subject = QStringLiteral("Grüße \U0001F44B");
    m.body = QStringLiteral("line 1\nline \"2\"");
    m.createdBy = QStringLiteral("Admin");
    m.createdDate = QDateTime(QDate(2026, 11, 27), QTime(10, 0, 0, 5), Qt::UTC);
    const QByteArray wire = MessageCodec::encode(m);

    const auto doc = nlohmann::json::parse(wire.constData());
    QVERIFY(doc["ns-message"].contains("reference_url"));
    QCOMPARE(doc["ns-message"]["reference_url"].get<std::string>(), std::string());
    QCOMPARE(doc["ns-message"]["is_active"].get<bool>(), true);

    const DecodeResult back = MessageCodec::decode(record(wire), ReceivedAt);
    QVERIFY(back.isAccepted());
    QCOMPARE(back.message().subject, m.subject);
    QCOMPARE(back.message().body, m.body);
    QCOMPARE(back.message().uuid, m.uuid);
    QCOMPARE(back.message().createdBy, m.createdBy);
    QCOMPARE(back.message().createdDate, m.createdDate);
}

QTEST_GUILESS_MAIN(TestMessageCodec)
#include "tst_messagecodec.moc"
