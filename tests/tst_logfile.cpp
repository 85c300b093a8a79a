// The rotating log file and the message handler: size cap, N old files, owner-only permissions, and
// the categories' messages reaching the file and the "recent problems" list.
#include "LogFile.h"
#include "LogRouter.h"
#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {

constexpr QFileDevice::Permissions GroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

QStringList linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestLogFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsOwnerOnlyFileAndFolder();
    void tightensAnExistingFile();
    void rotatesAndKeepsNOldFiles();
    void keepZeroKeepsOnlyTheCurrentFile();
    void routerWritesCategoriesAndKeepsRecentProblems();

private:
    QTemporaryDir m_dir;
};

void TestLogFile::createsOwnerOnlyFileAndFolder()
{
    const QString path = m_dir.filePath(QStringLiteral("a/logs/ns-inbox.log"));
    LogFile log(path);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    log.writeLine("hello");
    QCOMPARE(linesOf(path), QStringList{QStringLiteral("hello")});
    QCOMPARE(QFile::permissions(path) & GroupOrOther, QFileDevice::Permissions());
    QVERIFY(QFile::permissions(path) & QFileDevice::ReadOwner);
    QCOMPARE(QFile::permissions(m_dir.filePath(QStringLiteral("a/logs"))) & GroupOrOther, QFileDevice::Permissions());
}

void TestLogFile::tightensAnExistingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("old.log"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("before\n");
    old.close();
    QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    LogFile log(path);
    QVERIFY(log.open());
    log.writeLine("after");
    QCOMPARE(linesOf(path), (QStringList{QStringLiteral("before"), QStringLiteral("after")}));
    QCOMPARE(QFile::permissions(path) & GroupOrOther, QFileDevice::Permissions());
}

void TestLogFile::rotatesAndKeepsNOldFiles()
{
    const QString path = m_dir.filePath(QStringLiteral("rot/ns-inbox.log"));
    const qint64 cap = 1024;
    LogFile log(path, cap, 2);
    QVERIFY(log.open());
    const int total = 200;
    for (int i = 0; i < total; ++i)
        log.writeLine(QStringLiteral("line %1 ").arg(i, 4, 10, QLatin1Char('0')).toUtf8() + QByteArray(40, 'x'));

    QVERIFY(QFile::exists(log.rotatedPath(1)));
    QVERIFY(QFile::exists(log.rotatedPath(2)));
    QVERIFY(!QFile::exists(log.rotatedPath(3)));
    QStringList kept;
    for (const QString &file : {log.rotatedPath(2), log.rotatedPath(1), path}) {
        QVERIFY2(QFileInfo(file).size() <= cap, qPrintable(file));
        QCOMPARE(QFile::permissions(file) & GroupOrOther, QFileDevice::Permissions());
        kept += linesOf(file);
    }
    // The three files hold the newest lines, oldest file first, with no gap and nothing repeated.
    QVERIFY(kept.size() > 20);
    for (int i = 0; i < kept.size(); ++i)
        QVERIFY2(kept.at(i).startsWith(QStringLiteral("line %1 ").arg(total - kept.size() + i, 4, 10, QLatin1Char('0'))),
                 qPrintable(kept.at(i)));
}

void TestLogFile::keepZeroKeepsOnlyTheCurrentFile()
{
    const QString path = m_dir.filePath(QStringLiteral("zero.log"));
    LogFile log(path, 1024, 0);
    QVERIFY(log.open());
    for (int i = 0; i < 100; ++i)
        log.writeLine(QByteArray(50, 'y'));
    QVERIFY(QFileInfo(path).size() <= 1024);
    QVERIFY(!QFile::exists(log.rotatedPath(1)));
}

void TestLogFile::routerWritesCategoriesAndKeepsRecentProblems()
{
    const QString path = m_dir.filePath(QStringLiteral("router/ns-inbox.log"));
    auto file = std::make_unique<LogFile>(path);
    QVERIFY(file->open());
    LogRouter::install(std::move(file));
    QCOMPARE(LogRouter::logFilePath(), path);

    qCInfo(lcStore) << "stored" << 3;
    qCDebug(lcKafka) << "filtered out: debug is off by default";
    for (int i = 0; i < LogRouter::RecentProblemCount + 5; ++i)
        qCWarning(lcKafka).noquote() << "broker down" << i;
    const QStringList problems = LogRouter::recentProblems();
    LogRouter::uninstall();

    const QStringList lines = linesOf(path);
    QCOMPARE(lines.size(), 1 + LogRouter::RecentProblemCount + 5);
    const QRegularExpression format(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info ns\.store: stored 3$)"));
    QVERIFY2(format.match(lines.constFirst()).hasMatch(), qPrintable(lines.constFirst()));
    QVERIFY(lines.constLast().endsWith(QLatin1String(" warning ns.kafka: broker down 24")));
    QVERIFY(!lines.join(QLatin1Char('\n')).contains(QLatin1String("filtered out")));

    QCOMPARE(problems.size(), LogRouter::RecentProblemCount);
    QVERIFY(problems.constFirst().endsWith(QLatin1String("broker down 5")));
    QCOMPARE(problems.constLast(), lines.constLast());
}

QTEST_GUILESS_MAIN(TestLogFile)
#include "tst_logfile.moc"
