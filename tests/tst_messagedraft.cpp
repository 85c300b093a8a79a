// The rules a composed message must meet before it is sent: recipients, subject, body, link, size.
#include "MessageCodec.h"
#include "MessageDraft.h"

#include <QTest>

using namespace ns;

namespace {

const QString Alice = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Bob = QStringLiteral("22222222-2222-4222-8222-222222222222");

MessageDraft valid()
{
    MessageDraft d;
    d.recipients = Alice;
    d.subject = QStringLiteral("Subject");
    d.body = QStringLiteral("Body");
    return d;
}

} // namespace

class TestMessageDraft : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRecipients_data();
    void parsesRecipients();
    void validates_data();
    void validates();
    void countsCodePoints();
    void refusesOversizeMessages();
    void buildsTheMessageToSend();
};

void TestMessageDraft::parsesRecipients_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("valid");
    QTest::addColumn<QStringList>("invalid");
    QTest::addColumn<int>("duplicates");

    QTest::newRow("one") << Alice << QStringList{Alice} << QStringList{} << 0;
    QTest::newRow("commas") << QStringLiteral("%1,%2").arg(Alice, Bob) << QStringList{Alice, Bob} << QStringList{} << 0;
    QTest::newRow("mixed separators") << QStringLiteral(" %1 ;\n\t%2,\r\n").arg(Alice, Bob) << QStringList{Alice, Bob} << QStringList{} << 0;
    QTest::newRow("duplicates") << QStringLiteral("%1 %2 %1 %1").arg(Alice, Bob) << QStringList{Alice, Bob} << QStringList{} << 2;
    QTest::newRow("upper case is the same user") << QStringLiteral("%1 %2").arg(Alice, Alice.toUpper()) << QStringList{Alice} << QStringList{} << 1;
    QTest::newRow("invalid kept as typed") << QStringLiteral("%1 bob {%2} 1234").arg(Alice, Bob)
                                           << QStringList{Alice} << QStringList{QStringLiteral("bob"), QStringLiteral("{%1}").arg(Bob), QStringLiteral("1234")} << 0;
    QTest::newRow("empty") << QStringLiteral(" ,, \n") << QStringList{} << QStringList{} << 0;
}

void TestMessageDraft::parsesRecipients()
{
    QFETCH(QString, text);
    QFETCH(QStringList, valid);
    QFETCH(QStringList, invalid);
    QFETCH(int, duplicates);
    const RecipientList list = MessageDraft::parseRecipients(text);
    QCOMPARE(list.valid, valid);
    QCOMPARE(list.invalid, invalid);
    QCOMPARE(list.duplicates, duplicates);
}

void TestMessageDraft::validates_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");

    QTest::newRow("valid") << QString() << QString() << true;
    QTest::newRow("no recipients") << QStringLiteral("recipients") << QString() << false;
    QTest::newRow("bad recipient") << QStringLiteral("recipients") << QStringLiteral("%1 x").arg(Alice) << false;
    QTest::newRow("empty subject") << QStringLiteral("subject") << QString() << false;
    QTest::newRow("blank subject") << QStringLiteral("subject") << QStringLiteral(" \t ") << false;
    QTest::newRow("255 subject") << QStringLiteral("subject") << QString(255, QLatin1Char('s')) << true;
    QTest::newRow("255 subject plus spaces") << QStringLiteral("subject") << QStringLiteral("  ") + QString(255, QLatin1Char('s')) + QStringLiteral(" ") << true;
    QTest::newRow("256 subject") << QStringLiteral("subject") << QString(256, QLatin1Char('s')) << false;
    QTest::newRow("255 emoji subject") << QStringLiteral("subject") << QString::fromUtf8("\xF0\x9F\x98\x80").repeated(255) << true;
    QTest::newRow("256 emoji subject") << QStringLiteral("subject") << QString::fromUtf8("\xF0\x9F\x98\x80").repeated(256) << false;
    QTest::newRow("empty body") << QStringLiteral("body") << QString() << false;
    QTest::newRow("NUL in subject") << QStringLiteral("subject") << QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b") << false;
    QTest::newRow("NUL in body") << QStringLiteral("body") << QStringLiteral("a") + QChar(u'\0') << false;
    QTest::newRow("control characters in body") << QStringLiteral("body") << QStringLiteral("tab\tbell\x07") << true;
    QTest::newRow("blank body") << QStringLiteral("body") << QStringLiteral("\n \n") << false;
    QTest::newRow("https") << QStringLiteral("url") << QStringLiteral("https://example.com/a?b=c#d") << true;
    QTest::newRow("http upper-case scheme") << QStringLiteral("url") << QStringLiteral("HTTP://example.com") << true;
    QTest::newRow("url with spaces around") << QStringLiteral("url") << QStringLiteral("  https://example.com  ") << true;
    QTest::newRow("javascript") << QStringLiteral("url") << QStringLiteral("javascript:alert(1)") << false;
    QTest::newRow("ftp") << QStringLiteral("url") << QStringLiteral("ftp://example.com/file") << false;
    QTest::newRow("data") << QStringLiteral("url") << QStringLiteral("data:text/html,<script>") << false;
    QTest::newRow("no host") << QStringLiteral("url") << QStringLiteral("http:///path") << false;
    QTest::newRow("relative") << QStringLiteral("url") << QStringLiteral("example.com/a") << false;
    QTest::newRow("space inside") << QStringLiteral("url") << QStringLiteral("https://exa mple.com") << false;
    QTest::newRow("user info") << QStringLiteral("url") << QStringLiteral("https://user:pw@example.com") << false;
    QTest::newRow("200 characters") << QStringLiteral("url") << QStringLiteral("https://example.com/") + QString(180, QLatin1Char('a')) << true;
    QTest::newRow("201 characters") << QStringLiteral("url") << QStringLiteral("https://example.com/") + QString(181, QLatin1Char('a')) << false;
}

void TestMessageDraft::validates()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(bool, ok);
    MessageDraft d = valid();
    QString DraftProblems::*problem = nullptr;
    if (field == QLatin1String("recipients")) {
        d.recipients = value;
        problem = &DraftProblems::recipients;
    } else if (field == QLatin1String("subject")) {
        d.subject = value;
        problem = &DraftProblems::subject;
    } else if (field == QLatin1String("body")) {
        d.body = value;
        problem = &DraftProblems::body;
    } else if (field == QLatin1String("url")) {
        d.referenceUrl = value;
        problem = &DraftProblems::referenceUrl;
    }
    const DraftProblems p = d.validate();
    QCOMPARE(p.isEmpty(), ok);
    if (!ok) {
        QVERIFY(!(p.*problem).isEmpty());
        QCOMPARE(p.all().size(), 1); // Only the field at fault.
    }
}

void TestMessageDraft::countsCodePoints()
{
    QCOMPARE(MessageDraft::codePoints(QString()), 0);
    QCOMPARE(MessageDraft::codePoints(QStringLiteral("abc")), 3);
    QCOMPARE(MessageDraft::codePoints(QString::fromUtf8("Gr\xC3\xBC\xC3\x9F" "e")), 5);
    QCOMPARE(MessageDraft::codePoints(QString::fromUtf8("\xF0\x9F\x9A\x86\xE2\x9A\xA0\xEF\xB8\x8F")), 3); // train, warning sign, VS16
}

void TestMessageDraft::refusesOversizeMessages()
{
    MessageDraft d = valid();
    d.body = QString(MessageCodec::MaxValueSize, QLatin1Char('b'));
    const DraftProblems p = d.validate();
    QVERIFY(!p.size.isEmpty());
    d.body = QString(MessageCodec::MaxValueSize - 4096, QLatin1Char('b'));
    QVERIFY(d.validate().isEmpty());
}

void TestMessageDraft::buildsTheMessageToSend()
{
    MessageDraft d = valid();
    d.subject = QStringLiteral("  Padded  ");
    d.body = QStringLiteral("  Body kept as typed\n");
    d.referenceUrl = QStringLiteral(" https://example.com ");
    d.isActive = false;
    const Message m = d.toMessage(QStringLiteral("Ops"));
    QCOMPARE(m.subject, QStringLiteral("Padded"));
    QCOMPARE(m.body, d.body);
    QCOMPARE(m.referenceUrl, QStringLiteral("https://example.com"));
    QCOMPARE(m.isActive, false);
    QCOMPARE(m.createdBy, QStringLiteral("Ops"));
    QVERIFY(m.uuid.isEmpty()); // The outbox assigns it.
    QCOMPARE(valid().toMessage(QString()).createdBy, QStringLiteral("System Account"));
}

QTEST_GUILESS_MAIN(TestMessageDraft)
#include "tst_messagedraft.moc"
