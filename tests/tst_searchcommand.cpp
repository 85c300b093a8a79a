// `ns-inbox search QUERY` and `ns-inbox export --query QUERY`: the real binary on a real inbox
// file. Matches newest first, tab-separated or one JSON object per line; a query that does not
// parse exits 2 with the parser's message and writes nothing.
#include "TestInbox.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

} // namespace

class TestSearchCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tabSeparated();
    void jsonLines();
    void everyFolderWithoutIn();
    void aQueryThatDoesNotParseExitsTwo_data();
    void aQueryThatDoesNotParseExitsTwo();
    void noInboxIsExitOne();
    void exportQuery_data();
    void exportQuery();

private:
    Run run(const QStringList &arguments);
    qint64 id(const QString &subject) const { return m_inbox->idOfSubject(subject); }

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
};

Run TestSearchCommand::run(const QStringList &arguments)
{
    // CMake builds ns-inbox before this test and passes its path; missing, it is a failure, not a skip.
    const QString binary = QStringLiteral(NS_INBOX_BINARY);
    Run r;
    if (!QFile::exists(binary)) {
        r.err = u"the ns-inbox binary is missing: "_s + binary;
        return r;
    }
    QProcess p;
    p.start(binary, arguments);
    if (!p.waitForFinished(30'000))
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestSearchCommand::initTestCase()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVector<Message> batch;
    batch << m_inbox->make(u"Invoice 41 is due"_s, u"Pay on the portal"_s, now.addDays(-30), u"Billing System"_s);
    batch.last().referenceUrl = u"https://portal.example.org/invoices/41"_s;
    batch << m_inbox->make(u"Invoice 42 is due"_s, u"Pay on the portal"_s, now.addSecs(-3600), u"Billing System"_s);
    batch.last().referenceUrl = u"https://portal.example.org/invoices/42"_s;
    batch.last().kafkaKey = u"inv-42"_s;
    batch << m_inbox->make(u"Tab\there, and\na new line"_s, u"Maintenance tonight"_s, now.addSecs(-7200), u"System Account"_s);
    batch << m_inbox->make(u"Archived notice"_s, u"Old news"_s, now.addSecs(-60), u"System Account"_s);
    batch << m_inbox->make(u"Read reminder"_s, u"Already seen"_s, now.addSecs(-120), u"Billing System"_s);
    QVERIFY(m_inbox->add(batch));
    QVERIFY(m_inbox->setState(id(u"Archived notice"_s), false, true));
    QVERIFY(m_inbox->setState(id(u"Read reminder"_s), true, false));
}

void TestSearchCommand::tabSeparated()
{
    const Run r = run({u"search"_s, u"--database"_s, m_inbox->path(), u"from:\"Billing System\" has:link"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(lines.size(), 3); // Two matches and the final newline.
    QVERIFY(lines.last().isEmpty());
    const QStringList newest = QString::fromUtf8(lines.at(0)).split(u'\t');
    QCOMPARE(newest.size(), 5);
    QCOMPARE(newest.at(0).toLongLong(), id(u"Invoice 42 is due"_s));
    QVERIFY2(QDateTime::fromString(newest.at(1), Qt::ISODate).isValid(), qPrintable(newest.at(1)));
    QVERIFY(newest.at(1).endsWith(u'Z'));
    QCOMPARE(newest.at(2), u"Billing System"_s);
    QCOMPARE(newest.at(3), u"Invoice 42 is due"_s);
    QCOMPARE(newest.at(4), u"https://portal.example.org/invoices/42"_s);
    QCOMPARE(QString::fromUtf8(lines.at(1)).split(u'\t').at(0).toLongLong(), id(u"Invoice 41 is due"_s));

    // A tab or a line break inside a field never breaks the line apart.
    const Run tricky = run({u"search"_s, u"--database"_s, m_inbox->path(), u"maintenance"_s});
    QCOMPARE(tricky.exitCode, 0);
    const QList<QByteArray> one = tricky.out.split('\n');
    QCOMPARE(one.size(), 2);
    const QStringList fields = QString::fromUtf8(one.at(0)).split(u'\t');
    QCOMPARE(fields.size(), 5);
    QCOMPARE(fields.at(3), u"Tab here, and a new line"_s);
    QCOMPARE(fields.at(4), QString());
}

void TestSearchCommand::jsonLines()
{
    // Words as separate arguments are one query.
    const Run r = run({u"search"_s, u"--json"_s, u"--database"_s, m_inbox->path(), u"invoice"_s, u"after:7d"_s});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(lines.at(0), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"id"_s).toInteger(), id(u"Invoice 42 is due"_s));
    QCOMPARE(o.value(u"subject"_s).toString(), u"Invoice 42 is due"_s);
    QCOMPARE(o.value(u"from"_s).toString(), u"Billing System"_s);
    QCOMPARE(o.value(u"url"_s).toString(), u"https://portal.example.org/invoices/42"_s);
    QCOMPARE(o.value(u"key"_s).toString(), u"inv-42"_s);
    QCOMPARE(o.value(u"read"_s).toBool(), false);
    QCOMPARE(o.value(u"partition"_s).toInteger(), 0);
    QCOMPARE(o.value(u"offset"_s).toInteger(), 1);
    QVERIFY(QDateTime::fromString(o.value(u"date"_s).toString(), Qt::ISODate).isValid());

    const Run keyless = run({u"search"_s, u"--json"_s, u"--database"_s, m_inbox->path(), u"subject:41"_s});
    QVERIFY(QJsonDocument::fromJson(keyless.out.trimmed()).object().value(u"key"_s).isNull());
}

void TestSearchCommand::everyFolderWithoutIn()
{
    auto count = [&](const QString &query) {
        const Run r = run({u"search"_s, u"--database"_s, m_inbox->path(), query});
        return r.exitCode == 0 ? r.out.count('\n') : -1;
    };
    QCOMPARE(count(u"from:system"_s), 5);  // The archived one included.
    QCOMPARE(count(u"from:system in:inbox"_s), 4);
    QCOMPARE(count(u"is:unread -in:archived"_s), 3);
    QCOMPARE(count(u"key:inv-42"_s), 1);
    QCOMPARE(count(u"offset:2 OR offset:3"_s), 2);
    QCOMPARE(count(u"nothing-like-this"_s), 0);
    // A negation first is the query, not an option.
    const Run negated = run({u"search"_s, u"--database"_s, m_inbox->path(), u"-has:link"_s, u"-from:billing"_s});
    QCOMPARE(negated.exitCode, 0);
    QCOMPARE(negated.out.count('\n'), 2);
}

void TestSearchCommand::aQueryThatDoesNotParseExitsTwo_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown operator") << u"form:billing"_s << u"unknown operator 'form:' — did you mean 'from:'?"_s;
    QTest::newRow("malformed date") << u"is:unread after:last-week"_s << u"malformed date for after:"_s;
    QTest::newRow("unbalanced quote") << u"from:\"Billing"_s << u"unbalanced quote"_s;
    QTest::newRow("a lone OR") << u"OR"_s << u"OR needs a search term on each side"_s;
}

void TestSearchCommand::aQueryThatDoesNotParseExitsTwo()
{
    QFETCH(QString, query);
    QFETCH(QString, message);
    const Run r = run({u"search"_s, u"--database"_s, m_inbox->path(), query});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(u"ns-inbox: the query does not parse: "_s), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"\n  "_s + query + u"\n"_s), qPrintable(r.err)); // The query, then a caret under the place.
    QVERIFY(r.out.isEmpty());
}

void TestSearchCommand::noInboxIsExitOne()
{
    const Run r = run({u"search"_s, u"--database"_s, m_dir.filePath(u"missing.sqlite"_s), u"invoice"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"no inbox at"_s), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir.filePath(u"missing.sqlite"_s)));
}

void TestSearchCommand::exportQuery_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("subjects"); // In order; empty with exit code 2: no file.
    QTest::newRow("unread of the week, csv") << QStringList{u"--format"_s, u"csv"_s, u"--query"_s, u"is:unread after:7d"_s}
                                             << 0 << QStringList{u"Archived notice"_s, u"Invoice 42 is due"_s, u"Tab\there, and\na new line"_s};
    QTest::newRow("the folder when there is no in:") << QStringList{u"--format"_s, u"json"_s, u"--filter"_s, u"inbox"_s,
                                                                    u"--query"_s, u"is:unread after:7d"_s}
                                                     << 0 << QStringList{u"Invoice 42 is due"_s, u"Tab\there, and\na new line"_s};
    QTest::newRow("json, nothing") << QStringList{u"--format"_s, u"json"_s, u"--query"_s, u"from:nobody"_s} << 0 << QStringList{};
    QTest::newRow("does not parse") << QStringList{u"--format"_s, u"csv"_s, u"--query"_s, u"in:trash"_s} << 2 << QStringList{};
}

void TestSearchCommand::exportQuery()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QStringList, subjects);
    const QString path = m_dir.filePath(u"export.out"_s);
    QFile::remove(path);
    const Run r = run(QStringList{u"export"_s, u"--database"_s, m_inbox->path(), u"--output"_s, path} + arguments);
    QCOMPARE(r.exitCode, exitCode);
    if (exitCode != 0) {
        QVERIFY(!QFile::exists(path));
        return;
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QStringList got;
    if (arguments.contains(u"json"_s)) {
        for (const QJsonValue &v : QJsonDocument::fromJson(data).array())
            got.append(v.toObject().value(u"subject"_s).toString());
    } else {
        // Subjects here hold no comma or quote but the tricky one: read it from its quoted cell.
        QSqlQuery q(m_inbox->database());
        q.exec(u"SELECT subject FROM messages"_s);
        QString text = QString::fromUtf8(data);
        QVERIFY(text.startsWith(u"subject,uuid,body"_s));
        while (q.next()) {
            const QString s = q.value(0).toString();
            const QString cell = s.contains(u',') || s.contains(u'\n') ? u'"' + s + u'"' : s;
            if (text.contains(u"\r\n"_s + cell + u','))
                got.append(s);
        }
        // In the file's order.
        std::sort(got.begin(), got.end(), [&](const QString &a, const QString &b) { return text.indexOf(a) < text.indexOf(b); });
    }
    QCOMPARE(got, subjects);
    QVERIFY2(r.err.contains(u"exported %1 message(s)"_s.arg(subjects.size())), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestSearchCommand)
#include "tst_searchcommand.moc"
