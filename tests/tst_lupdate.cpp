// Every user-visible text goes through translation (issue 27): lupdate, run over core/, ui/ and app/
// into a copy of the committed German .ts, finds no string that the committed file lacks (a new tr()
// left untranslated fails here, naming it); and no widget call of ui/ or app/ is handed a bare
// literal with words in it (setText(u"Connected"_s) would never reach lupdate at all).
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("NS_TEST_SOURCE_DIR");
}

// "context: source" of each unfinished (untranslated) entry of a .ts file.
QStringList unfinished(const QString &tsPath, QString *error)
{
    QFile file(tsPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QXmlStreamReader xml(&file);
    QString context, source;
    QStringList found;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == "name"_L1)
            context = xml.readElementText();
        else if (xml.name() == "source"_L1)
            source = xml.readElementText();
        else if (xml.name() == "translation"_L1 && xml.attributes().value("type"_L1) == "unfinished"_L1)
            found << u"%1: \"%2\""_s.arg(context, source);
    }
    if (xml.hasError())
        *error = xml.errorString();
    return found;
}

// A widget call given a literal with words in it, e.g. setToolTip(QStringLiteral("Connection state")).
const QRegularExpression &bareLiteral()
{
    static const QRegularExpression re(
        u"\\b(setText|setToolTip|setStatusTip|setWhatsThis|setWindowTitle|setPlaceholderText|setInformativeText|setDetailedText|"
        u"showMessage|setAccessibleName|setAccessibleDescription|addTab|setTabText|setTitle|setLabelText|addAction|addMenu|addButton|"
        u"setHeaderLabels?|(?:new\\s+Q(?:Label|PushButton|CheckBox|RadioButton|GroupBox|Action|ToolButton|Menu)))\\s*\\(\\s*"
        u"(?:QStringLiteral\\s*\\(\\s*|QLatin1String\\s*\\(\\s*|QString::fromLatin1\\s*\\(\\s*|QString::fromUtf8\\s*\\(\\s*|u(?=\"))"
        u"\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\""_s);
    return re;
}

// The bare literals of `code` that a person would read: two letters in a row (not an object name,
// an icon name or a format such as "%1 (%2)").
QStringList bareLiterals(const QString &code)
{
    static const QRegularExpression words(u"[A-Za-z]{2,}"_s);
    static const QRegularExpression identifier(u"^[a-z][A-Za-z0-9_.:/-]*$"_s); // objectName, "mark-read"
    QStringList found;
    for (auto it = bareLiteral().globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString text = m.captured(2);
        if (text.contains(words) && !identifier.match(text).hasMatch())
            found << m.captured(0);
    }
    return found;
}

} // namespace

class TestLupdate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsABareLiteral();
    void noWidgetGetsABareLiteral();
    void lupdateFindsNothingNew();
};

void TestLupdate::findsABareLiteral()
{
    QCOMPARE(bareLiterals(u"label->setText(QStringLiteral(\"Broker unreachable\"));"_s).size(), 1);
    QCOMPARE(bareLiterals(u"m_open = new QPushButton(u\"Open link\"_s, this);"_s).size(), 1);
    QCOMPARE(bareLiterals(u"setToolTip(QLatin1String(\"Connection state\"))"_s).size(), 1);
    QCOMPARE(bareLiterals(u"label->setText(tr(\"Broker unreachable\"));"_s).size(), 0);
    QCOMPARE(bareLiterals(u"addAction(QStringLiteral(\"mark-read\"))"_s).size(), 0);
    QCOMPARE(bareLiterals(u"setText(QStringLiteral(\"%1 (%2)\"))"_s).size(), 0);
}

void TestLupdate::noWidgetGetsABareLiteral()
{
    QStringList problems;
    int files = 0;
    for (const QString &folder : {u"ui"_s, u"app"_s}) {
        QDirIterator it(sourceDir() + u'/' + folder, {u"*.cpp"_s, u"*.h"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            ++files;
            for (const QString &call : bareLiterals(QString::fromUtf8(file.readAll())))
                problems << QDir(sourceDir()).relativeFilePath(path) + u": "_s + call;
        }
    }
    QVERIFY2(files > 40, qPrintable(u"only %1 files under ui/ and app/"_s.arg(files)));
    QVERIFY2(problems.isEmpty(), qPrintable(u"not translatable:\n"_s + problems.join(u'\n')));
}

void TestLupdate::lupdateFindsNothingNew()
{
    const QString lupdate = QStringLiteral(NS_TEST_LUPDATE);
    if (!QFile::exists(lupdate))
        QSKIP(qPrintable(u"no lupdate at "_s + lupdate));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ts = dir.filePath(u"ns-inbox_de.ts"_s);
    QVERIFY(QFile::copy(sourceDir() + u"/resources/translations/ns-inbox_de.ts"_s, ts));
    QString error;
    QVERIFY2(unfinished(ts, &error).isEmpty() && error.isEmpty(), "the committed .ts has untranslated entries (tst_translations names them)");

    // As the update_translations target runs it: the same folders, includes through each library's folder.
    QStringList arguments{u"-locations"_s, u"none"_s, u"-no-obsolete"_s, u"-extensions"_s, u"cpp,h"_s};
    for (const QString &top : {u"core"_s, u"ui"_s}) {
        for (const QString &library : QDir(sourceDir() + u'/' + top).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            arguments << u"-I"_s << sourceDir() + u'/' + top + u'/' + library;
    }
    for (const QString &top : {u"core"_s, u"ui"_s, u"app"_s})
        arguments << sourceDir() + u'/' + top;
    arguments << u"-ts"_s << ts;
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(lupdate, arguments);
    QVERIFY2(run.waitForFinished(120'000), "lupdate did not finish");
    const QString output = QString::fromLocal8Bit(run.readAll());
    QVERIFY2(run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0, qPrintable(output));
    static const QRegularExpression found(u"Found (\\d+) source text"_s);
    const QRegularExpressionMatch m = found.match(output);
    QVERIFY2(m.hasMatch() && m.captured(1).toInt() > 300, qPrintable(output));

    const QStringList fresh = unfinished(ts, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(fresh.isEmpty(), qPrintable(u"new strings, not in resources/translations/ns-inbox_de.ts (cmake --build build --target "
                                         "update_translations, then translate them):\n"_s
                                         + fresh.join(u'\n')));
}

QTEST_MAIN(TestLupdate)
#include "tst_lupdate.moc"
