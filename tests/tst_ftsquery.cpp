// FtsQuery: what users type becomes a safe FTS5 expression; phrases, prefixes and hostile input.
#include "FtsQuery.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

class TestFtsQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void expression_data();
    void expression();
    void matches_data();
    void matches();
    void hostileInputNeverFails_data();
    void hostileInputNeverFails();

private:
    QStringList match(const QString &userText, QString *error);
    QSqlDatabase m_db;
};

void TestFtsQuery::initTestCase()
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fts"));
    m_db.setDatabaseName(QStringLiteral(":memory:"));
    QVERIFY(m_db.open());
    QSqlQuery q(m_db);
    QVERIFY2(q.exec(QStringLiteral("CREATE VIRTUAL TABLE t USING fts5(subject, body, tokenize='unicode61 remove_diacritics 2',"
                                   " prefix='2 3')")),
             qPrintable(q.lastError().text()));
    const QList<QPair<QString, QString>> rows{
        {QStringLiteral("maintenance"), QStringLiteral("Maintenance window on Saturday")},
        {QStringLiteral("sensor"), QStringLiteral("Coastal sensor readings for the estuary")},
        {QStringLiteral("reversed"), QStringLiteral("The sensor near the coastal station")},
        {QStringLiteral("cafe"), QStringLiteral("Meeting at the Café Müller")},
        {QStringLiteral("operators"), QStringLiteral("Use AND or NOT, then NEAR the subject: column")},
        {QStringLiteral("html"), QStringLiteral("<script>alert(1)</script> and <b>bold</b>")},
    };
    for (const auto &[subject, body] : rows) {
        q.prepare(QStringLiteral("INSERT INTO t (subject, body) VALUES (?, ?)"));
        q.addBindValue(subject);
        q.addBindValue(body);
        QVERIFY(q.exec());
    }
}

void TestFtsQuery::cleanupTestCase()
{
    m_db.close();
    m_db = {};
    QSqlDatabase::removeDatabase(QStringLiteral("fts"));
}

QStringList TestFtsQuery::match(const QString &userText, QString *error)
{
    QStringList subjects;
    const QString expr = FtsQuery::fromUserText(userText);
    if (expr.isEmpty())
        return {QStringLiteral("<everything>")};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT subject FROM t WHERE t MATCH ? ORDER BY rowid"));
    q.addBindValue(expr);
    if (!q.exec()) {
        *error = q.lastError().text() + QStringLiteral(" for ") + expr;
        return {};
    }
    while (q.next())
        subjects.append(q.value(0).toString());
    return subjects;
}

void TestFtsQuery::expression_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("word being typed is a prefix") << "maint" << R"("maint"*)";
    QTest::newRow("finished word is exact") << "maint " << R"("maint")";
    QTest::newRow("one letter is never a prefix") << "m" << R"("m")";
    QTest::newRow("explicit prefix") << "main* window " << R"("main"* "window")";
    QTest::newRow("phrase") << R"("coastal sensor")" << R"("coastal sensor")";
    QTest::newRow("phrase with prefix") << R"("coastal sen"*)" << R"("coastal sen"*)";
    QTest::newRow("unterminated phrase is typed") << R"("coastal sen)" << R"("coastal sen"*)";
    QTest::newRow("operators are words") << "a OR b NOT c " << R"("a" "OR" "b" "NOT" "c")";
    QTest::newRow("quote inside a word") << R"(ab"cd)" << R"("ab" "cd"*)";
    QTest::newRow("column filter is text") << "subject:x " << R"("subject:x")";
    QTest::newRow("punctuation only") << "!!! -- ** " << "";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("control characters separate") << QStringLiteral("a\u0000b ") << R"("a" "b")";
}

void TestFtsQuery::expression()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(FtsQuery::fromUserText(input), expected);
}

void TestFtsQuery::matches_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("prefix while typing") << "maint" << QStringList{u"maintenance"_s};
    QTest::newRow("explicit prefix") << "satur*" << QStringList{u"maintenance"_s};
    QTest::newRow("phrase in order") << R"("coastal sensor")" << QStringList{u"sensor"_s};
    QTest::newRow("words in any order") << "coastal sensor " << QStringList{u"sensor"_s, u"reversed"_s};
    QTest::newRow("diacritics ignored") << "cafe muller " << QStringList{u"cafe"_s};
    QTest::newRow("operators searched as words") << "NOT NEAR " << QStringList{u"operators"_s};
    QTest::newRow("markup searched as text") << "<script> " << QStringList{u"html"_s};
    QTest::newRow("subject column") << "cafe " << QStringList{u"cafe"_s};
    QTest::newRow("nothing") << "xylophone " << QStringList{};
    QTest::newRow("only punctuation shows everything") << "*** " << QStringList{u"<everything>"_s};
}

void TestFtsQuery::matches()
{
    QFETCH(QString, input);
    QFETCH(QStringList, expected);
    QString error;
    QCOMPARE(match(input, &error), expected);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestFtsQuery::hostileInputNeverFails_data()
{
    QTest::addColumn<QString>("input");
    const QStringList inputs{
        uR"(")"_s, uR"("")"_s, uR"(""")"_s, uR"("a" "b)"_s, u"*"_s, u"**a"_s, u"a*b*c"_s, u"-"_s, u"-a"_s, u"+a"_s,
        u"^a"_s, u"a^"_s, u"NOT"_s, u"AND"_s, u"OR"_s, u"NEAR"_s, u"NEAR(a b)"_s, u"NEAR(a b, 2)"_s, u"("_s, u")"_s,
        u"(a OR b"_s, u"a) (b"_s, u"subject:"_s, u":a"_s, u"{subject body}:a"_s, u"{"_s, u"}"_s, u"a:b:c"_s, u"'"_s,
        u"''"_s, u"\\"_s, u"\\\""_s, u"%"_s, u"_"_s, u"a AND"_s, u"AND a"_s, uR"("a" NOT)"_s, uR"(a NOT ")"_s,
        u"\U0001F642"_s, u"\U0001F642*"_s, u"\"\U0001F642\""_s, u"\u00df*"_s, u"\u0130stanbul"_s, u"\u200b"_s,
        u"a\u0000"_s, u"\t\n\r"_s, u"   "_s, u"a,b;c"_s, u"a/b"_s, uR"(*"*"*)"_s,
        QString(5000, QLatin1Char('x')), QString(3000, QLatin1Char('"')), QString(2000, QLatin1Char('(')),
        u"CREATE TABLE x(y); --"_s, u"'; DROP TABLE t; --"_s, u"rowid:1"_s, u"t MATCH 'a'"_s, uR"(""*)"_s,
        uR"(*"")"_s,
    };
    for (const QString &s : inputs)
        QTest::newRow(s.left(20).toUtf8().toPercentEncoding().constData()) << s;
}

void TestFtsQuery::hostileInputNeverFails()
{
    QFETCH(QString, input);
    QString error;
    match(input, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Typed one character at a time, every intermediate text is valid too.
    for (qsizetype i = 1; i <= std::min<qsizetype>(input.size(), 40); ++i) {
        match(input.left(i), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

QTEST_GUILESS_MAIN(TestFtsQuery)
#include "tst_ftsquery.moc"
