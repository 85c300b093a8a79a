// The search language (core/model/SearchQuery): every operator, quoting, negation and OR, dates
// and relative dates in several time zones and across DST changes, and every malformed input with
// the message and the position a person is shown. Pure Qt Core: no store.
#include "SearchQuery.h"
#include "SearchQueryParser.h"

#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

// Berlin, a Saturday after its DST change (2026-10-25, 25 hours); New York's is 2026-11-01.
const QString BerlinNow = u"2026-11-07T10:00:00+01:00"_s;
const QString NewYorkNow = u"2026-11-07T10:00:00-05:00"_s;
const QString TokyoNow = u"2026-11-07T10:00:00+09:00"_s;
const QString Unread = u"{0,2,4,6,8,10}"_s;
const QString Read = u"{1,3,5,7,9,11}"_s;

SearchClock clockAt(const QString &now, const QByteArray &zone)
{
    const QDateTime at = QDateTime::fromString(now, Qt::ISODate);
    Q_ASSERT(at.isValid());
    return {at, QTimeZone(zone)};
}

QString outcome(const QString &text, const SearchClock &clock)
{
    SearchParseError error;
    const SearchQuery q = SearchQuery::parse(text, clock, &error);
    if (error.isError())
        return u"error@%1+%2: %3"_s.arg(error.position).arg(error.length).arg(error.message);
    return q.describe();
}

} // namespace

class TestSearchQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void errors_data();
    void errors();
    void termsKnowWhereTheyAre();
    void suggestionsAreCloseWords();
    void theSameInstantIsAnotherDayElsewhere();
    void folderChoice();
};

void TestSearchQuery::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("now");
    QTest::addColumn<QString>("expected");
    const QByteArray berlin = "Europe/Berlin";
    auto row = [&](const char *name, const QString &text, const QString &expected) {
        QTest::newRow(name) << text << berlin << BerlinNow << expected;
    };
    row("empty", u""_s, u""_s);
    row("blank", u"   \t "_s, u""_s);
    row("word", u"invoice"_s, u"text:\"invoice\""_s);
    row("two words are both required", u"Invoice Portal"_s, u"text:\"Invoice\" AND text:\"Portal\""_s);
    row("phrase", u"\"late payment\""_s, u"text:\"late payment\""_s);
    row("prefix word", u"invoice*"_s, u"text:\"invoice\"*"_s);
    row("prefix phrase", u"\"late pay\"*"_s, u"text:\"late pay\"*"_s);
    row("negated word", u"-invoice"_s, u"-text:\"invoice\""_s);
    row("negated phrase", u"-\"late payment\""_s, u"-text:\"late payment\""_s);
    row("punctuation inside a word", u"well-known"_s, u"text:\"well-known\""_s);
    row("a lone ampersand searches for nothing", u"invoice &"_s, u"text:\"invoice\""_s);
    row("a time is a word, not an operator", u"10:30"_s, u"text:\"10:30\""_s);
    row("a pasted link is a word", u"https://portal.example.org/a"_s, u"text:\"https://portal.example.org/a\""_s);
    row("a quote ends a word", u"abc\"def ghi\""_s, u"text:\"abc\" AND text:\"def ghi\""_s);
    row("is:unread", u"is:unread"_s, u"is"_s + Unread);
    row("is:read", u"is:read"_s, u"is"_s + Read);
    row("operators ignore case", u"IS:Unread"_s, u"is"_s + Unread);
    row("in:inbox", u"in:inbox"_s, u"in{6,7}"_s);
    row("in:archived", u"in:archived"_s, u"in{8,9}"_s);
    row("in:snoozed", u"in:snoozed"_s, u"in{10,11}"_s);
    row("in:inactive", u"in:inactive"_s, u"in{0,1,2,3,4,5}"_s);
    row("in:all", u"in:all"_s, u"in{0,1,2,3,4,5,6,7,8,9,10,11}"_s);
    row("folder names ignore case", u"IN:Inbox"_s, u"in{6,7}"_s);
    row("from:", u"from:system"_s, u"from:\"system\""_s);
    row("from: quoted", u"from:\"Billing System\""_s, u"from:\"Billing System\""_s);
    row("from: quoted prefix", u"from:\"Billing Sys\"*"_s, u"from:\"Billing Sys\"*"_s);
    row("from: an address", u"from:alice.martin@example.org"_s, u"from:\"alice.martin@example.org\""_s);
    row("negated from:", u"-from:system"_s, u"-from:\"system\""_s);
    row("subject:", u"subject:invoice"_s, u"subject:\"invoice\""_s);
    row("subject: prefix", u"subject:inv*"_s, u"subject:\"inv\"*"_s);
    row("body: quoted", u"body:\"overdue since\""_s, u"body:\"overdue since\""_s);
    row("url: a host", u"url:portal.example.org"_s, u"url:\"portal.example.org\""_s);
    row("url: a whole link", u"url:https://portal.example.org/x"_s, u"url:\"https://portal.example.org/x\""_s);
    row("has:link", u"has:link"_s, u"has:link"_s);
    row("no link", u"-has:link"_s, u"-has:link"_s);
    row("partition:", u"partition:3"_s, u"partition=3"_s);
    row("offset:", u"offset:1234"_s, u"offset=1234"_s);
    row("a 64-bit offset", u"offset:5000000000"_s, u"offset=5000000000"_s);
    row("key:", u"key:order-17"_s, u"key=\"order-17\""_s);
    row("key: quoted, case kept", u"key:\"A b\""_s, u"key=\"A b\""_s);
    row("negated key:", u"-key:k1"_s, u"-key=\"k1\""_s);
    row("OR of operators", u"from:billing OR from:system"_s, u"(from:\"billing\" OR from:\"system\")"_s);
    row("OR binds tighter than AND", u"a b OR c -d"_s, u"text:\"a\" AND (text:\"b\" OR text:\"c\") AND -text:\"d\""_s);
    row("three alternatives", u"a OR b OR c"_s, u"(text:\"a\" OR text:\"b\" OR text:\"c\")"_s);
    row("OR of states", u"is:unread OR in:archived"_s, u"(is%1 OR in{8,9})"_s.arg(Unread));
    row("OR with a negation", u"\"a\" OR -b"_s, u"(text:\"a\" OR -text:\"b\")"_s);
    row("negated state", u"-is:read"_s, u"-is"_s + Read);
    row("lower-case or is a word", u"cats or dogs"_s, u"text:\"cats\" AND text:\"or\" AND text:\"dogs\""_s);
    row("quoted OR is a word", u"\"OR\""_s, u"text:\"OR\""_s);
    row("negated OR is a word", u"-OR"_s, u"-text:\"OR\""_s);
    // Dates: days of Europe/Berlin; now is Saturday 2026-11-07 10:00 (+01:00).
    row("after:today", u"after:today"_s, u"created[2026-11-06T23:00:00Z,)"_s);
    row("after:0d is today", u"after:0d"_s, u"created[2026-11-06T23:00:00Z,)"_s);
    row("after:yesterday", u"after:yesterday"_s, u"created[2026-11-05T23:00:00Z,)"_s);
    row("on:yesterday", u"on:yesterday"_s, u"created[2026-11-05T23:00:00Z,2026-11-06T23:00:00Z)"_s);
    row("after:7d", u"after:7d"_s, u"created[2026-10-30T23:00:00Z,)"_s);
    row("after:2w crosses the DST change", u"after:2w"_s, u"created[2026-10-23T22:00:00Z,)"_s);
    row("after:6000w is still a day", u"after:6000w"_s, u"created[1911-11-10T23:00:00Z,)"_s);
    row("after:13d is still summer time", u"after:13d"_s, u"created[2026-10-24T22:00:00Z,)"_s);
    row("relative forms ignore case", u"after:7D"_s, u"created[2026-10-30T23:00:00Z,)"_s);
    row("before: a date", u"before:2026-11-30"_s, u"created[,2026-11-29T23:00:00Z)"_s);
    row("on: the 25-hour day", u"on:2026-10-25"_s, u"created[2026-10-24T22:00:00Z,2026-10-25T23:00:00Z)"_s);
    row("on: the 23-hour day", u"on:2026-03-29"_s, u"created[2026-03-28T23:00:00Z,2026-03-29T22:00:00Z)"_s);
    row("negated on:", u"-on:yesterday"_s, u"-created[2026-11-05T23:00:00Z,2026-11-06T23:00:00Z)"_s);
    row("a date range", u"after:2026-11-01 before:2026-11-30"_s,
        u"created[2026-10-31T23:00:00Z,) AND created[,2026-11-29T23:00:00Z)"_s);
    row("a quoted date", u"on:\"2026-11-01\""_s, u"created[2026-10-31T23:00:00Z,2026-11-01T23:00:00Z)"_s);
    row("everything at once", u"from:\"Billing System\" is:unread after:7d has:link portal"_s,
        u"from:\"Billing System\" AND is%1 AND created[2026-10-30T23:00:00Z,) AND has:link AND text:\"portal\""_s.arg(Unread));

    const QByteArray newYork = "America/New_York";
    QTest::newRow("NY today") << u"after:today"_s << newYork << NewYorkNow << u"created[2026-11-07T05:00:00Z,)"_s;
    QTest::newRow("NY yesterday") << u"on:yesterday"_s << newYork << NewYorkNow
                                  << u"created[2026-11-06T05:00:00Z,2026-11-07T05:00:00Z)"_s;
    QTest::newRow("NY 7d is before its DST change") << u"after:7d"_s << newYork << NewYorkNow
                                                    << u"created[2026-10-31T04:00:00Z,)"_s;
    QTest::newRow("NY the 25-hour day") << u"on:2026-11-01"_s << newYork << NewYorkNow
                                        << u"created[2026-11-01T04:00:00Z,2026-11-02T05:00:00Z)"_s;
    QTest::newRow("NY the 23-hour day") << u"on:2026-03-08"_s << newYork << NewYorkNow
                                        << u"created[2026-03-08T05:00:00Z,2026-03-09T04:00:00Z)"_s;
    QTest::newRow("NY before:") << u"before:2026-11-30"_s << newYork << NewYorkNow << u"created[,2026-11-30T05:00:00Z)"_s;
    QTest::newRow("Tokyo today") << u"on:today"_s << QByteArray("Asia/Tokyo") << TokyoNow
                                 << u"created[2026-11-06T15:00:00Z,2026-11-07T15:00:00Z)"_s;
    QTest::newRow("UTC date") << u"after:2026-11-30"_s << QByteArray("UTC") << BerlinNow << u"created[2026-11-30T00:00:00Z,)"_s;
    // Chile moves its clocks at midnight: 2026-09-06 begins at 01:00 (-03:00), the instant 04:00Z.
    QTest::newRow("Santiago day without a midnight") << u"on:2026-09-06"_s << QByteArray("America/Santiago") << BerlinNow
                                                     << u"created[2026-09-06T04:00:00Z,2026-09-07T03:00:00Z)"_s;
}

void TestSearchQuery::parses()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, zone);
    QFETCH(QString, now);
    QFETCH(QString, expected);
    const SearchClock clock = clockAt(now, zone);
    QVERIFY2(clock.zone.isValid(), zone.constData());
    QCOMPARE(outcome(text, clock), expected);
}

void TestSearchQuery::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // error@position+length: message
    auto row = [](const char *name, const QString &text, int position, int length, const QString &message) {
        QTest::newRow(name) << text << u"error@%1+%2: %3"_s.arg(position).arg(length).arg(message);
    };
    row("unknown operator, a swap", u"form:billing"_s, 0, 5, u"unknown operator 'form:' — did you mean 'from:'?"_s);
    row("unknown operator, negated", u"invoice -form:x"_s, 9, 5, u"unknown operator 'form:' — did you mean 'from:'?"_s);
    row("unknown operator, a letter missing", u"subjct:hi"_s, 0, 7, u"unknown operator 'subjct:' — did you mean 'subject:'?"_s);
    row("unknown operator, a letter too many", u"urll:x"_s, 0, 5, u"unknown operator 'urll:' — did you mean 'url:'?"_s);
    row("unknown operator, cut short", u"befor:today"_s, 0, 6, u"unknown operator 'befor:' — did you mean 'before:'?"_s);
    row("unknown operator, nothing close", u"re: invoice"_s, 0, 3,
        u"unknown operator 're:' — to search for the text itself, put it in quotes: \"re:\""_s);
    row("unknown operator, as typed", u"Form:x"_s, 0, 5, u"unknown operator 'Form:' — did you mean 'from:'?"_s);
    row("is: misspelt", u"is:unred"_s, 3, 5, u"unknown value 'unred' for is: — did you mean 'is:unread'?"_s);
    row("is: unknown", u"is:starred"_s, 3, 7, u"unknown value 'starred' for is: — is: takes unread or read"_s);
    row("in: a state", u"in:unread"_s, 0, 9, u"'unread' is not a folder — did you mean 'is:unread'?"_s);
    row("in: misspelt", u"in:archive"_s, 3, 7, u"unknown folder 'archive' for in: — did you mean 'in:archived'?"_s);
    row("in: unknown", u"in:trash"_s, 3, 5,
        u"unknown folder 'trash' for in: — in: takes inbox, archived, snoozed, inactive or all"_s);
    row("has: unknown", u"has:attachment"_s, 4, 10, u"unknown value 'attachment' for has: — has: takes link"_s);
    row("from: empty", u"from:"_s, 0, 5, u"from: needs a value, as in from:system"_s);
    row("from: empty quotes", u"from:\"\" x"_s, 0, 7, u"from: needs a value, as in from:system"_s);
    row("from: no letters", u"from:!!"_s, 5, 2, u"from: needs a letter or digit to look for, as in from:system"_s);
    row("after: empty", u"is:unread after:"_s, 10, 6, u"after: needs a value, as in after:7d"_s);
    row("key: empty", u"key:"_s, 0, 4, u"key: needs a value, as in key:order-17"_s);
    row("date, another format", u"after:30.11.2026"_s, 6, 10,
        u"malformed date for after: — '30.11.2026' is not a date: write 2026-11-30, today, yesterday, 7d (days ago) or 2w (weeks ago)"_s);
    row("date, no such day", u"on:2026-02-30"_s, 3, 10, u"malformed date for on: — there is no day 2026-02-30"_s);
    row("date, no such month", u"before:2026-13-01"_s, 7, 10, u"malformed date for before: — there is no day 2026-13-01"_s);
    row("date, unknown unit", u"after:7x"_s, 6, 2,
        u"malformed date for after: — '7x' is not a date: write 2026-11-30, today, yesterday, 7d (days ago) or 2w (weeks ago)"_s);
    row("date, too far back", u"after:99999w"_s, 6, 6, u"malformed date for after: — '99999w' goes back before 1900"_s);
    row("date, no year 0", u"on:0000-01-01"_s, 3, 10, u"malformed date for on: — there is no day 0000-01-01"_s);
    row("unbalanced quote", u"\"late payment"_s, 0, 13, u"unbalanced quote: the \" at column 1 is never closed"_s);
    row("unbalanced quote in a value", u"from:\"Billing System"_s, 5, 15, u"unbalanced quote: the \" at column 6 is never closed"_s);
    row("a lone OR", u"OR"_s, 0, 2, u"OR needs a search term on each side, as in from:billing OR from:system"_s);
    row("OR at the end", u"invoice OR"_s, 8, 2, u"OR needs a search term on each side, as in from:billing OR from:system"_s);
    row("OR at the start", u"OR invoice"_s, 0, 2, u"OR needs a search term on each side, as in from:billing OR from:system"_s);
    row("OR twice", u"a OR OR b"_s, 2, 2, u"OR needs a search term on each side, as in from:billing OR from:system"_s);
    row("a lone minus", u"-"_s, 0, 1, u"'-' needs a word or an operator right after it, as in -from:system"_s);
    row("a minus between words", u"invoice - paid"_s, 8, 1, u"'-' needs a word or an operator right after it, as in -from:system"_s);
    row("partition: not a number", u"partition:x"_s, 10, 1, u"partition: takes a whole number, as in partition:3"_s);
    row("partition: negative", u"partition:-1"_s, 10, 2, u"partition: takes a whole number, as in partition:3"_s);
    row("partition: too big", u"partition:99999999999"_s, 10, 11, u"partition: takes a whole number, as in partition:3"_s);
    row("offset: not a number", u"offset:12a"_s, 7, 3, u"offset: takes a whole number, as in offset:1234"_s);
    row("negated punctuation", u"-!!!"_s, 0, 4, u"'!!!' has no letter or digit to search for"_s);
    row("punctuation as an alternative", u"a OR &"_s, 5, 1, u"'&' has no letter or digit to search for"_s);
    row("empty quotes", u"\"\""_s, 0, 2, u"\"\" has no letter or digit to search for"_s);
    row("the first problem is told", u"form:x in:trash"_s, 0, 5, u"unknown operator 'form:' — did you mean 'from:'?"_s);
}

void TestSearchQuery::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(outcome(text, clockAt(BerlinNow, "Europe/Berlin")), expected);
}

void TestSearchQuery::termsKnowWhereTheyAre()
{
    SearchParseError error;
    const QString text = u"  -from:\"Billing System\" OR subject:inv*  after:7d"_s;
    const SearchQuery q = SearchQuery::parse(text, clockAt(BerlinNow, "Europe/Berlin"), &error);
    QVERIFY(!error.isError());
    QCOMPARE(q.clauses().size(), 2);
    const SearchTerm &from = q.clauses().at(0).at(0);
    QCOMPARE(text.mid(from.position, from.length), u"-from:\"Billing System\""_s);
    QCOMPARE(from.source, u"from:\"Billing System\""_s);
    QVERIFY(from.negated && from.quoted);
    const SearchTerm &subject = q.clauses().at(0).at(1);
    QCOMPARE(text.mid(subject.position, subject.length), u"subject:inv*"_s);
    const SearchTerm &after = q.clauses().at(1).at(0);
    QCOMPARE(text.mid(after.position, after.length), u"after:7d"_s);
}

void TestSearchQuery::suggestionsAreCloseWords()
{
    const QStringList names = SearchQueryParser::operatorNames();
    QCOMPARE(SearchQueryParser::closest(u"form"_s, names), u"from"_s);
    QCOMPARE(SearchQueryParser::closest(u"subjetc"_s, names), u"subject"_s);
    QCOMPARE(SearchQueryParser::closest(u"parition"_s, names), u"partition"_s);
    QCOMPARE(SearchQueryParser::closest(u"offest"_s, names), u"offset"_s);
    QCOMPARE(SearchQueryParser::closest(u"date"_s, names), QString()); // Nothing within reach.
    QCOMPARE(SearchQueryParser::closest(u"xy"_s, names), QString());
    // Completion offers every operator the parser knows.
    const QStringList offered = SearchQuery::operatorNames();
    QCOMPARE(offered.size(), 13);
    for (const QString &name : offered) {
        SearchParseError error;
        SearchQuery::parse(name, SearchClock::system(), &error);
        QVERIFY2(error.message.contains(u"needs a value"_s), qPrintable(name + u": "_s + error.message));
    }
}

// 01:00 UTC on 2026-11-07 is the 7th in Tokyo and still the 6th in New York.
void TestSearchQuery::theSameInstantIsAnotherDayElsewhere()
{
    const QDateTime instant = QDateTime::fromString(u"2026-11-07T01:00:00Z"_s, Qt::ISODate);
    QCOMPARE(outcome(u"on:today"_s, {instant, QTimeZone("Asia/Tokyo")}),
             u"created[2026-11-06T15:00:00Z,2026-11-07T15:00:00Z)"_s);
    QCOMPARE(outcome(u"on:today"_s, {instant, QTimeZone("America/New_York")}),
             u"created[2026-11-06T05:00:00Z,2026-11-07T05:00:00Z)"_s);
}

void TestSearchQuery::folderChoice()
{
    SearchParseError error;
    const SearchClock clock = clockAt(BerlinNow, "Europe/Berlin");
    QVERIFY(!SearchQuery::parse(u"is:unread invoice"_s, clock, &error).choosesFolder());
    QVERIFY(SearchQuery::parse(u"invoice OR -in:archived"_s, clock, &error).choosesFolder());
    QVERIFY(SearchQuery::parse(u""_s, clock, &error).isEmpty());
    QVERIFY(SearchQuery::parse(u"& !"_s, clock, &error).isEmpty());
}

QTEST_GUILESS_MAIN(TestSearchQuery)
#include "tst_searchquery.moc"
