// Export: the current view (filter, search, order) as CSV (RFC 4180, formulas neutralised) or JSON
// (valid, the seed's field names), streamed; from the library and from `ns-inbox export`.
#include "ExportJob.h"
#include "MessageExporter.h"
#include "TestInbox.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

// A strict RFC 4180 reader: fields may be quoted, "" is a quote, CRLF ends a record.
QVector<QStringList> parseCsv(const QString &text, QString *error)
{
    QVector<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false, wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"' && field.isEmpty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
            wasQuoted = false;
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            wasQuoted = false;
            ++i;
        } else if (c == u'"' || c == u'\n' || c == u'\r') {
            *error = u"unquoted special character at %1"_s.arg(i);
            return {};
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !row.isEmpty())
        *error = u"the last record is not terminated"_s;
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestMessageExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvOfAFilteredView();
    void jsonOfASearchedView();
    void bigViewsStreamInOrder();
    void commandLine_data();
    void commandLine();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    QString m_tricky;
};

void TestMessageExporter::initTestCase()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->isValid());
    m_tricky = u"Comma, \"quotes\"\r\nand a new line; \u00e9t\u00e9 \U0001F600"_s;
    QVector<Message> batch;
    batch << m_inbox->make(u"Plain invoice"_s, u"The invoice is attached"_s);
    batch << m_inbox->make(m_tricky, u"Body with\nlines and an invoice"_s, {}, u"Jos\u00e9, \"the\" steward"_s);
    batch << m_inbox->make(u"=HYPERLINK(\"http://evil.example\",\"click\")"_s, u"+cmd|' /C calc'!A0"_s);
    batch << m_inbox->make(u"Read one"_s, u"nothing to see"_s);
    batch.last().kafkaKey = u"key-1"_s;
    batch.last().referenceUrl = u"https://example.org/r"_s;
    QVERIFY(m_inbox->add(batch));
    QVERIFY(m_inbox->setState(m_inbox->idOfSubject(u"Read one"_s), true, false));
}

void TestMessageExporter::csvOfAFilteredView()
{
    const QString path = m_dir.filePath(u"unread.csv"_s);
    qint64 count = 0;
    QString error;
    InboxViewSpec unread{InboxFilter::Unread, {InboxSortKey::Date, Qt::AscendingOrder}, {}};
    QVERIFY2(ExportJob::run(m_inbox->path(), unread, MessageExporter::Format::Csv, path, &count, &error), qPrintable(error));
    QCOMPARE(count, 3);
    const QVector<QStringList> rows = parseCsv(QString::fromUtf8(readAll(path)), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.first(), MessageExporter::fieldNames());
    for (const QStringList &r : rows)
        QCOMPARE(r.size(), MessageExporter::fieldNames().size());
    QCOMPARE(rows.at(1).at(0), u"Plain invoice"_s);
    QCOMPARE(rows.at(2).at(0), m_tricky); // Commas, quotes and line breaks survive.
    QCOMPARE(rows.at(2).at(5), u"Jos\u00e9, \"the\" steward"_s);
    QCOMPARE(rows.at(2).at(4), u"true"_s);
    QCOMPARE(rows.at(2).at(6), u"2026-01-01T08:01:00.000Z"_s);
    QCOMPARE(rows.at(2).at(8), QString()); // modified_date: null
    QCOMPARE(rows.at(2).at(10), u"0"_s);
    QCOMPARE(rows.at(2).at(11), u"1"_s);
    // A formula is text in a spreadsheet, never a formula.
    QCOMPARE(rows.at(3).at(0), u"'=HYPERLINK(\"http://evil.example\",\"click\")"_s);
    QCOMPARE(rows.at(3).at(2), u"'+cmd|' /C calc'!A0"_s);
}

void TestMessageExporter::jsonOfASearchedView()
{
    const QString path = m_dir.filePath(u"search.json"_s);
    qint64 count = 0;
    QString error;
    InboxViewSpec spec{InboxFilter::All, {InboxSortKey::Subject, Qt::AscendingOrder}, u"invoice"_s};
    QVERIFY2(ExportJob::run(m_inbox->path(), spec, MessageExporter::Format::Json, path, &count, &error), qPrintable(error));
    QCOMPARE(count, 2);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(path), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), 2);
    const QJsonObject first = array.at(0).toObject();
    QCOMPARE(first.keys().size(), MessageExporter::fieldNames().size());
    for (const QString &field : MessageExporter::fieldNames())
        QVERIFY2(first.contains(field), qPrintable(field));
    // NOCASE order: "Comma..." before "Plain invoice".
    QCOMPARE(first.value(u"subject"_s).toString(), m_tricky);
    QCOMPARE(first.value(u"is_active"_s).toBool(), true);
    QVERIFY(first.value(u"modified_date"_s).isNull());
    QVERIFY(first.value(u"kafka_key"_s).isNull());
    QCOMPARE(first.value(u"kafka_offset"_s).toInteger(), 1);
    QCOMPARE(array.at(1).toObject().value(u"subject"_s).toString(), u"Plain invoice"_s);
    // An empty view is still valid JSON.
    QVERIFY(ExportJob::run(m_inbox->path(), {InboxFilter::Archived, {}, {}}, MessageExporter::Format::Json, path, &count, &error));
    QCOMPARE(count, 0);
    QCOMPARE(QJsonDocument::fromJson(readAll(path)).array().size(), 0);
}

void TestMessageExporter::bigViewsStreamInOrder()
{
    TestInbox big;
    QVector<Message> batch;
    for (int i = 0; i < 1800; ++i)
        batch << big.make(u"m%1"_s.arg(i, 4, 10, QChar(u'0')));
    QVERIFY(big.add(batch));
    const QString path = m_dir.filePath(u"big.csv"_s);
    qint64 count = 0;
    QString error;
    QVERIFY(ExportJob::run(big.path(), {InboxFilter::Inbox, {InboxSortKey::Subject, Qt::DescendingOrder}, {}},
                           MessageExporter::Format::Csv, path, &count, &error));
    QCOMPARE(count, 1800);
    const QVector<QStringList> rows = parseCsv(QString::fromUtf8(readAll(path)), &error);
    QCOMPARE(rows.size(), 1801);
    QCOMPARE(rows.at(1).at(0), u"m1799"_s);
    QCOMPARE(rows.at(1800).at(0), u"m0000"_s);
}

void TestMessageExporter::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("rows");
    QTest::newRow("json unread") << QStringList{u"--format"_s, u"json"_s, u"--filter"_s, u"unread"_s} << 0 << 3;
    QTest::newRow("csv search") << QStringList{u"--format"_s, u"csv"_s, u"--search"_s, u"invoice"_s} << 0 << 2;
    QTest::newRow("bad format") << QStringList{u"--format"_s, u"xml"_s} << 2 << -1;
    QTest::newRow("bad filter") << QStringList{u"--format"_s, u"csv"_s, u"--filter"_s, u"spam"_s} << 2 << -1;
}

void TestMessageExporter::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(int, rows);
    // CMake builds ns-inbox before this test and passes its path; missing, it is a failure, not a skip.
    const QString binary = QStringLiteral(NS_INBOX_BINARY);
    QVERIFY2(QFile::exists(binary), qPrintable(u"the ns-inbox binary is missing: "_s + binary));
    const QString out = m_dir.filePath(u"cli.out"_s);
    QFile::remove(out);
    QProcess p;
    p.start(binary, QStringList{u"export"_s, u"--database"_s, m_inbox->path(), u"--output"_s, out} + arguments);
    QVERIFY(p.waitForFinished(30'000));
    QCOMPARE(p.exitCode(), exitCode);
    if (rows < 0) {
        QVERIFY(!QFile::exists(out));
        return;
    }
    const QByteArray data = readAll(out);
    if (arguments.contains(u"json"_s)) {
        QCOMPARE(QJsonDocument::fromJson(data).array().size(), rows);
    } else {
        QString error;
        QCOMPARE(parseCsv(QString::fromUtf8(data), &error).size(), rows + 1);
    }
}

QTEST_GUILESS_MAIN(TestMessageExporter)
#include "tst_messageexporter.moc"
