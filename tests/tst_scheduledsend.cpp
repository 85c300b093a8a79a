// Scheduled sends ("Send later") over a scripted producer and a fake clock: held in the outbox
// until their time, then sent once; kept across a restart; cancelled and edited before their
// time (and refused after it); two processes on one file send a row that came due once; the
// schema step keeps what the outbox held. The time forms `ns-inbox send --at` takes.
#include "Database.h"
#include "FakeProducer.h"
#include "MessageCodec.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "SendTime.h"

#include <QAtomicInteger>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;
using test::FakeKafka;
using test::FakeProducer;

namespace {

const QString Alice = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Bob = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString Carol = QStringLiteral("33333333-3333-4333-8333-333333333333");

// 2026-12-07 09:00 UTC; the clock the outbox sees (shared with its thread).
constexpr qint64 Start = 1796634000000;
constexpr qint64 Minute = 60'000;

Message draft(const QString &subject)
{
    Message m;
    m.subject = subject;
    m.body = QStringLiteral("Body of ") + subject;
    m.createdBy = QStringLiteral("Test Admin");
    return m;
}

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

class TestScheduledSend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void aScheduledSendWaitsForItsTimeThenGoesOnce();
    void aScheduledSendSurvivesARestart();
    void cancelBeforeItsTimeAndNeverSent();
    void cancelAfterItWentOutIsRefused();
    void editReplacesItInOneStep();
    void twoProcessesSendADueRowOnce();
    void aTimeAlreadyPastSendsAtOnce();
    void theSchemaStepKeepsTheOutbox();
    void sendTimeForms_data();
    void sendTimeForms();

private:
    OutboxService *makeService(QObject *parent);
    qint64 count(const QString &sql);
    QVector<OutboxEntry> rowsOf(const QString &uuid);

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<FakeKafka> m_kafka;
    std::shared_ptr<QAtomicInteger<qint64>> m_now;
    int m_run = 0;
};

void TestScheduledSend::init()
{
    m_path = m_dir.filePath(QStringLiteral("scheduled-%1.sqlite").arg(++m_run));
    m_kafka = std::make_shared<FakeKafka>();
    m_kafka->databasePath = m_path;
    m_now = std::make_shared<QAtomicInteger<qint64>>(Start);
    QCOMPARE(count(QStringLiteral("PRAGMA user_version")), Database::SchemaVersion);
}

OutboxService *TestScheduledSend::makeService(QObject *parent)
{
    auto kafka = m_kafka;
    auto *service = new OutboxService(m_path, [kafka](QString *) { return std::make_unique<FakeProducer>(kafka); }, parent);
    service->setClock([now = m_now] { return now->loadRelaxed(); });
    connect(service, &OutboxService::sendFailed, this, [](const QString &uuid, const QString &reason) {
        QFAIL(qPrintable(QStringLiteral("writing %1 failed: %2").arg(uuid, reason)));
    });
    return service;
}

qint64 TestScheduledSend::count(const QString &sql)
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("count"));
    qint64 n = -1;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        QSqlQuery q(db);
        if (q.exec(sql) && q.next())
            n = q.value(0).toLongLong();
    }
    Database::close(name);
    return n;
}

QVector<OutboxEntry> TestScheduledSend::rowsOf(const QString &uuid)
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("rows"));
    QVector<OutboxEntry> out;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        out = OutboxStore(db).entriesForMessage(uuid, &error);
        if (error.isError())
            qWarning().noquote() << error.text;
    }
    Database::close(name);
    return out;
}

void TestScheduledSend::aScheduledSendWaitsForItsTimeThenGoesOnce()
{
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString later = service->sendLater(draft(QStringLiteral("At ten")), {Alice, Bob}, at(Start + 60 * Minute));
    const QString sooner = service->sendLater(draft(QStringLiteral("At half past nine")), {Carol}, at(Start + 30 * Minute));
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled'")), 3);
    const QVector<OutboxEntry> held = rowsOf(later);
    QCOMPARE(held.size(), 2);
    QCOMPARE(held.at(0).sendAt, at(Start + 60 * Minute));
    QCOMPARE(held.at(0).attempts, 0);

    // 09:45: the half-past-nine one goes (proof that the outbox looked), the ten o'clock one waits.
    m_now->storeRelaxed(Start + 45 * Minute);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered' AND message_uuid = '%1'").arg(sooner)), 1);
    QCOMPARE(m_kafka->producedTo(Alice), 0);
    QCOMPARE(m_kafka->producedTo(Bob), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled'")), 2);

    m_now->storeRelaxed(Start + 60 * Minute);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered' AND message_uuid = '%1'").arg(later)), 2);
    service->stop();
    QCOMPARE(m_kafka->producedTo(Alice), 1);
    QCOMPARE(m_kafka->producedTo(Bob), 1);
    QCOMPARE(m_kafka->producedTotal(), 3);
    // What goes on the wire is the envelope as ever: no schedule in it.
    const QJsonObject envelope = QJsonDocument::fromJson(rowsOf(later).at(0).value).object().value(QStringLiteral("ns-message")).toObject();
    QCOMPARE(envelope.keys(), (QStringList{QStringLiteral("body"), QStringLiteral("created_by"), QStringLiteral("created_date"),
                                           QStringLiteral("is_active"), QStringLiteral("reference_url"), QStringLiteral("subject"),
                                           QStringLiteral("uuid")}));
}

void TestScheduledSend::aScheduledSendSurvivesARestart()
{
    QString uuid;
    {
        QObject owner;
        OutboxService *service = makeService(&owner);
        service->start();
        uuid = service->sendLater(draft(QStringLiteral("Tomorrow")), {Alice}, at(Start + 24 * 60 * Minute));
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled'")), 1);
        service->stop();
    }
    QCOMPARE(m_kafka->producedTotal(), 0);
    // The next day, a new process: it finds the row due and sends it.
    m_now->storeRelaxed(Start + 24 * 60 * Minute + 5 * Minute);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 1);
    service->stop();
    QCOMPARE(m_kafka->producedTo(Alice), 1);
    QCOMPARE(rowsOf(uuid).at(0).attempts, 1);
}

void TestScheduledSend::cancelBeforeItsTimeAndNeverSent()
{
    QObject owner;
    OutboxService *service = makeService(&owner);
    QSignalSpy refused(service, &OutboxService::scheduleRefused);
    service->start();
    const QString cancelled = service->sendLater(draft(QStringLiteral("Cancelled")), {Alice, Bob}, at(Start + 10 * Minute));
    const QString kept = service->sendLater(draft(QStringLiteral("Kept")), {Carol}, at(Start + 10 * Minute));
    service->cancelScheduled(cancelled);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'cancelled'")), 2);
    m_now->storeRelaxed(Start + 11 * Minute);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered' AND message_uuid = '%1'").arg(kept)), 1);
    service->stop();
    QCOMPARE(m_kafka->producedTo(Alice), 0);
    QCOMPARE(m_kafka->producedTo(Bob), 0);
    QCOMPARE(refused.size(), 0);
    for (const OutboxEntry &e : rowsOf(cancelled)) {
        QCOMPARE(e.status, OutboxStatus::Cancelled);
        QCOMPARE(e.attempts, 0);
    }
}

void TestScheduledSend::cancelAfterItWentOutIsRefused()
{
    QObject owner;
    OutboxService *service = makeService(&owner);
    QSignalSpy refused(service, &OutboxService::scheduleRefused);
    service->start();
    const QString uuid = service->sendLater(draft(QStringLiteral("Gone")), {Alice}, at(Start + Minute));
    m_now->storeRelaxed(Start + 2 * Minute);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 1);
    service->cancelScheduled(uuid);
    QVERIFY(refused.wait());
    QCOMPARE(refused.at(0).at(0).toString(), uuid);
    service->editScheduled(uuid, draft(QStringLiteral("Too late")), {Alice}, at(Start + 10 * Minute));
    QVERIFY(refused.wait());
    service->stop();
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox")), 1); // The edit wrote nothing.
    QCOMPARE(rowsOf(uuid).at(0).status, OutboxStatus::Delivered);
}

void TestScheduledSend::editReplacesItInOneStep()
{
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString original = service->sendLater(draft(QStringLiteral("Draft")), {Alice, Bob}, at(Start + 10 * Minute));
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled'")), 2);
    Message edited = draft(QStringLiteral("Final"));
    edited.uuid = original; // The edit keeps nothing of the old identity.
    const QString replacement = service->editScheduled(original, edited, {Bob, Carol}, at(Start + 20 * Minute));
    QVERIFY(replacement != original);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled' AND message_uuid = '%1'").arg(replacement)), 2);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'cancelled' AND message_uuid = '%1'").arg(original)), 2);
    m_now->storeRelaxed(Start + 20 * Minute);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 2);
    service->stop();
    QCOMPARE(m_kafka->producedTo(Alice), 0);
    QCOMPARE(m_kafka->producedTo(Bob), 1);
    QCOMPARE(m_kafka->producedTo(Carol), 1);
    const QJsonObject envelope = QJsonDocument::fromJson(rowsOf(replacement).at(0).value).object().value(QStringLiteral("ns-message")).toObject();
    QCOMPARE(envelope.value(QStringLiteral("subject")).toString(), QStringLiteral("Final"));
    QCOMPARE(envelope.value(QStringLiteral("uuid")).toString(), replacement);
}

void TestScheduledSend::twoProcessesSendADueRowOnce()
{
    // The window holds the outbox; `ns-inbox send --at` writes beside it. Both look for due rows;
    // each row is claimed by one of them.
    QObject owner;
    OutboxService *window = makeService(&owner);
    QSignalSpy windowStarted(window, &OutboxService::started);
    window->start();
    QVERIFY(windowStarted.wait());
    OutboxService *cli = makeService(&owner);
    QSignalSpy cliStarted(cli, &OutboxService::started);
    cli->start();
    QVERIFY(cliStarted.wait());
    QCOMPARE(cliStarted.at(0).at(0).toBool(), false);
    QStringList many;
    for (int i = 0; i < 40; ++i)
        many.append(QStringLiteral("44444444-4444-4444-8444-%1").arg(i, 12, 10, QLatin1Char('0')));
    const QString fromCli = cli->sendLater(draft(QStringLiteral("From the command line")), many, at(Start + Minute));
    const QString fromWindow = window->sendLater(draft(QStringLiteral("From the window")), many, at(Start + Minute));
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled'")), 80);
    m_now->storeRelaxed(Start + Minute);
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 80);
    cli->stop();
    window->stop();
    QCOMPARE(m_kafka->producedTotal(), 80);
    for (const QString &uuid : {fromCli, fromWindow}) {
        for (const OutboxEntry &e : rowsOf(uuid))
            QCOMPARE(m_kafka->producedCount(e.id), 1);
    }
}

void TestScheduledSend::aTimeAlreadyPastSendsAtOnce()
{
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->sendLater(draft(QStringLiteral("Past")), {Alice}, at(Start - Minute));
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 1);
    service->stop();
    QVERIFY(!rowsOf(uuid).at(0).sendAt.isValid());
}

void TestScheduledSend::theSchemaStepKeepsTheOutbox()
{
    const QString path = m_dir.filePath(QStringLiteral("version7.sqlite"));
    const QString name = QStringLiteral("v7");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        StoreError error;
        QVERIFY2(Database::migrate(db, 7, &error), qPrintable(error.text));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO outbox (message_uuid, recipient, subject, body, created_by, created_date, value,"
                                      " status, attempts, kafka_partition, kafka_offset, updated_date) VALUES"
                                      " ('m1', 'r1', 'S', 'B', 'me', 1, x'7b7d', 'delivered', 1, 0, 42, 2),"
                                      " ('m2', 'r2', 'S2', 'B2', 'me', 3, x'7b7d', 'pending', 0, NULL, NULL, 4)")));
        QVERIFY2(Database::migrate(db, Database::SchemaVersion, &error), qPrintable(error.text));
        OutboxStore store(db);
        const QVector<OutboxEntry> rows = store.entriesForMessage(QStringLiteral("m1"), &error) + store.entriesForMessage(QStringLiteral("m2"), &error);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).status, OutboxStatus::Delivered);
        QCOMPARE(rows.at(0).offset, 42);
        QCOMPARE(rows.at(1).status, OutboxStatus::Pending);
        QVERIFY(!rows.at(1).sendAt.isValid());
        QCOMPARE(store.pendingEntries(&error).size(), 1);
        // The new statuses are allowed, anything else still refused.
        QVERIFY(q.exec(QStringLiteral("UPDATE outbox SET status = 'scheduled', send_at = 5 WHERE message_uuid = 'm2'")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE outbox SET status = 'lost' WHERE message_uuid = 'm2'")));
        QCOMPARE(store.takeDueScheduled(5, {}, &error).size(), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void TestScheduledSend::sendTimeForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // Invalid: refused.
    const QDateTime now = at(Start); // 09:00 UTC
    QTest::newRow("in minutes") << QStringLiteral("+15m") << now.addSecs(15 * 60);
    QTest::newRow("in seconds") << QStringLiteral("+90s") << now.addSecs(90);
    QTest::newRow("in hours") << QStringLiteral(" +2h ") << now.addSecs(2 * 3600);
    QTest::newRow("in days") << QStringLiteral("+1d") << now.addDays(1);
    QTest::newRow("UTC") << QStringLiteral("2026-12-08T08:00Z") << QDateTime(QDate(2026, 12, 8), QTime(8, 0), Qt::UTC);
    QTest::newRow("offset") << QStringLiteral("2026-12-08T08:00:30+01:00") << QDateTime(QDate(2026, 12, 8), QTime(7, 0, 30), Qt::UTC);
    QTest::newRow("local, space") << QStringLiteral("2026-12-08 08:00")
                                  << QDateTime(QDate(2026, 12, 8), QTime(8, 0), Qt::LocalTime).toUTC();
    QTest::newRow("no unit") << QStringLiteral("+15") << QDateTime();
    QTest::newRow("words") << QStringLiteral("tomorrow") << QDateTime();
    QTest::newRow("bad hour") << QStringLiteral("25:00") << QDateTime();
    QTest::newRow("bad date") << QStringLiteral("2026-13-40T08:00") << QDateTime();
}

void TestScheduledSend::sendTimeForms()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    QString error;
    const QDateTime got = SendTime::parse(text, at(Start), &error);
    QCOMPARE(got, expected);
    QCOMPARE(error.isEmpty(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(got.timeSpec(), Qt::UTC);
    // A time of day is the next one, local time.
    const QDateTime next = SendTime::parse(QStringLiteral("08:00"), at(Start), &error);
    QVERIFY(next > at(Start));
    QVERIFY(next <= at(Start).addDays(1));
    QCOMPARE(next.toLocalTime().time(), QTime(8, 0));
}

QTEST_GUILESS_MAIN(TestScheduledSend)
#include "tst_scheduledsend.moc"
