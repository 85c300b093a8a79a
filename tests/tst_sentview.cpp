// The Sent view and its model: what was sent, to whom, delivered or failed and why, retry; and
// the Message menu that only administrators see.
#include "ComposeActions.h"
#include "OutboxModel.h"
#include "OutboxService.h"
#include "ProfileSettings.h"
#include "FakeProducer.h"
#include "SentDialog.h"
#include "SentEmptyState.h"
#include "TestInbox.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace ns;

namespace {

const QString Alice = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Bob = QStringLiteral("22222222-2222-4222-8222-222222222222");

OutboxEntry entry(qint64 id, OutboxStatus status, const QString &recipient = Alice)
{
    OutboxEntry e;
    e.id = id;
    e.messageUuid = QStringLiteral("m-%1").arg(id);
    e.recipient = recipient;
    e.subject = QStringLiteral("Subject %1").arg(id);
    e.body = QStringLiteral("Body");
    e.status = status;
    e.createdDate = QDateTime::currentDateTimeUtc();
    return e;
}

Message message(const QString &subject)
{
    Message m;
    m.subject = subject;
    m.body = QStringLiteral("Body of ") + subject;
    m.createdBy = QStringLiteral("Ops Team");
    return m;
}

} // namespace

class TestSentView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void modelUpdatesInPlaceAndInsertsNewRows();
    void menuIsForAdministratorsOnly();
    void showsDeliveredAndFailedWithReasonAndRetries();
    void showsWhatWasSentBeforeItOpened();
    void saysWhatASlowSendWaitsFor();
    void anEmptySentViewSaysWhatToDo();

private:
    std::unique_ptr<TestInbox> m_inbox; ///< A fresh inbox (its outbox table) per test.
    std::shared_ptr<test::FakeKafka> m_kafka;
    std::unique_ptr<QMainWindow> m_window;
    std::unique_ptr<OutboxService> m_outbox;
    ComposeActions *m_actions = nullptr;
};

void TestSentView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_sentview"));
}

void TestSentView::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    m_kafka = std::make_shared<test::FakeKafka>();
    m_kafka->databasePath = m_inbox->path();
    auto kafka = m_kafka;
    m_outbox = std::make_unique<OutboxService>(m_inbox->path(), [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    m_window = std::make_unique<QMainWindow>();
    m_actions = new ComposeActions(m_outbox.get(), m_inbox->database(), QStringLiteral("Ops Team"), m_window.get());
    m_outbox->start();
}

void TestSentView::cleanup()
{
    m_outbox->stop();
    m_window.reset();
    m_outbox.reset();
    m_inbox.reset();
}

void TestSentView::modelUpdatesInPlaceAndInsertsNewRows()
{
    OutboxModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.load({entry(2, OutboxStatus::Pending), entry(1, OutboxStatus::Delivered)});
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    OutboxEntry failed = entry(2, OutboxStatus::Failed);
    failed.reason = QStringLiteral("not authorized: topic x");
    model.applyChanges({failed, entry(4, OutboxStatus::Pending), entry(3, OutboxStatus::Pending)});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(inserted.size(), 1); // Both new rows in one insert, at the top.
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.entryAt(0).id, 4);
    QCOMPARE(model.entryAt(1).id, 3);
    QCOMPARE(model.entryAt(2).status, OutboxStatus::Failed);
    QCOMPARE(model.data(model.index(2, OutboxModel::DetailColumn)).toString(), failed.reason);
    QCOMPARE(model.data(model.index(2, OutboxModel::StatusColumn), OutboxModel::StatusRole).toString(), QStringLiteral("failed"));
    QCOMPARE(model.failedIds(), QVector<qint64>{2});

    // A row older than everything shown (retried from beyond the loaded window) lands in order.
    model.applyChanges({entry(0, OutboxStatus::Pending)});
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.entryAt(4).id, 0);
    // The same row again only changes it.
    model.applyChanges({entry(0, OutboxStatus::Delivered)});
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.entryAt(4).status, OutboxStatus::Delivered);
    QCOMPARE(model.data(model.index(4, OutboxModel::DetailColumn)).toString(), QStringLiteral("Partition -1, offset -1"));
}

void TestSentView::menuIsForAdministratorsOnly()
{
    QSettings().setValue(QStringLiteral("profile/administrator"), false);
    QVERIFY(!ProfileSettings::load(QSettings()).administrator);
    {
        QMainWindow window;
        ComposeActions actions(m_outbox.get(), m_inbox->database(), QString(), nullptr);
        actions.install(window.menuBar(), ProfileSettings::load(QSettings()).administrator);
        QVERIFY(!actions.newMessageAction()->isVisible());
        QVERIFY(!actions.newMessageAction()->isEnabled());
        QVERIFY(!actions.sentMessagesAction()->isVisible());
        for (QAction *a : window.menuBar()->actions())
            QVERIFY2(!a->isVisible(), qPrintable(a->text()));
    }
    QSettings().setValue(QStringLiteral("profile/administrator"), true);
    QVERIFY(ProfileSettings::load(QSettings()).administrator);
    QMainWindow window;
    ComposeActions actions(m_outbox.get(), m_inbox->database(), QString(), nullptr);
    actions.install(window.menuBar(), ProfileSettings::load(QSettings()).administrator);
    QVERIFY(actions.newMessageAction()->isVisible());
    QVERIFY(actions.newMessageAction()->isEnabled());
    QVERIFY(actions.sentMessagesAction()->isVisible());
    QCOMPARE(window.menuBar()->actions().size(), 1);
    QVERIFY(window.menuBar()->actions().constFirst()->isVisible());
    QCOMPARE(actions.newMessageAction()->text(), QStringLiteral("Ne&w Message…"));

    // Beside an existing Message menu: at its top, no second menu.
    QMainWindow other;
    QMenu *existing = other.menuBar()->addMenu(QStringLiteral("&Message"));
    QAction *open = existing->addAction(QStringLiteral("&Open"));
    ComposeActions inMenu(m_outbox.get(), m_inbox->database(), QString(), nullptr);
    inMenu.install(other.menuBar(), true, open);
    QCOMPARE(other.menuBar()->actions().size(), 1);
    QCOMPARE(existing->actions().value(0), inMenu.newMessageAction());
    QCOMPARE(existing->actions().value(1), inMenu.sentMessagesAction());
    QCOMPARE(existing->actions().value(2), inMenu.importPeopleAction());
    QVERIFY(existing->actions().value(3)->isSeparator());
    QCOMPARE(existing->actions().value(4), open);
    QSettings().remove(QStringLiteral("profile"));
}

void TestSentView::showsDeliveredAndFailedWithReasonAndRetries()
{
    m_kafka->setVerdict(Bob, test::Verdict::NotAuthorized);
    SentDialog *sent = m_actions->showSent();
    QAbstractItemModelTester tester(m_actions->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy retry(sent, &SentDialog::retryRequested);
    m_outbox->send(message(QStringLiteral("Hello")), {Alice, Bob});
    OutboxModel *model = m_actions->model();
    QTRY_COMPARE(model->countWithStatus(OutboxStatus::Failed), 1);
    QCOMPARE(model->countWithStatus(OutboxStatus::Delivered), 1);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(sent->summary()->text(), QStringLiteral("1 delivered, 0 pending, 1 failed"));
    QVERIFY(sent->retryAllButton()->isEnabled());
    QVERIFY(!sent->retrySelectedButton()->isEnabled());

    // Filter to the failures: one row, Bob's, with the reason.
    sent->statusFilter()->setCurrentIndex(3);
    QTableView *table = sent->table();
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, OutboxModel::RecipientColumn).data().toString(), Bob);
    QVERIFY(table->model()->index(0, OutboxModel::DetailColumn).data().toString().startsWith(QLatin1String("not authorized")));

    // Bob is granted access; retry just his row.
    m_kafka->setVerdict(Bob, test::Verdict::Deliver);
    table->selectRow(0);
    QVERIFY(sent->retrySelectedButton()->isEnabled());
    QTest::mouseClick(sent->retrySelectedButton(), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);
    QTRY_COMPARE(model->countWithStatus(OutboxStatus::Delivered), 2);
    QCOMPARE(table->model()->rowCount(), 0); // No failures left under the filter.
    QCOMPARE(m_kafka->producedTo(Bob), 2);
    QCOMPARE(m_kafka->producedTo(Alice), 1);
    QCOMPARE(sent->summary()->text(), QStringLiteral("2 delivered, 0 pending, 0 failed"));
    QVERIFY(!sent->retryAllButton()->isEnabled());
    sent->close();
}

void TestSentView::showsWhatWasSentBeforeItOpened()
{
    QSignalSpy changed(m_outbox.get(), &OutboxService::outboxChanged);
    m_outbox->send(message(QStringLiteral("Earlier")), {Alice});
    QTRY_COMPARE(m_kafka->producedTo(Alice), 1);
    QTRY_VERIFY(std::any_of(changed.cbegin(), changed.cend(), [](const QList<QVariant> &args) {
        const auto rows = args.at(0).value<QVector<OutboxEntry>>();
        return !rows.isEmpty() && rows.constFirst().status == OutboxStatus::Delivered;
    }));
    SentDialog *sent = m_actions->showSent();
    QAbstractItemModelTester tester(m_actions->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(sent->table()->model()->rowCount(), 1);
    sent->table()->selectRow(0);
    QCOMPARE(m_actions->model()->entryAt(0).subject, QStringLiteral("Earlier"));
    QCOMPARE(m_actions->model()->entryAt(0).status, OutboxStatus::Delivered);
    sent->close();
}

void TestSentView::saysWhatASlowSendWaitsFor()
{
    // Bob's topic is being created and the broker holds both records: the view says so, not
    // just "2 pending", and says nothing once they are delivered.
    m_kafka->setVerdict(Alice, test::Verdict::Hold);
    m_kafka->setVerdict(Bob, test::Verdict::Hold);
    m_kafka->newTopics.insert(Bob);
    m_outbox->send(message(QStringLiteral("Maintenance")), {Alice, Bob});
    QTRY_COMPARE(m_kafka->producedTotal(), 2);
    // Opened in the middle of the send: it shows the latest state at once.
    SentDialog *sent = m_actions->showSent();
    QVERIFY(QTest::qWaitForWindowExposed(sent));
    QTRY_COMPARE(sent->progressLabel()->text(), QStringLiteral("Waiting for the cluster to create 1 topic(s) and for 1 delivery report(s)"));
    QVERIFY(sent->progressLabel()->isVisible());
    QCOMPARE(sent->summary()->text(), QStringLiteral("0 delivered, 2 pending, 0 failed"));
    {
        QMutexLocker lock(&m_kafka->mutex);
        m_kafka->releaseHeld = true;
    }
    QTRY_COMPARE(sent->summary()->text(), QStringLiteral("2 delivered, 0 pending, 0 failed"));
    QTRY_VERIFY(!sent->progressLabel()->isVisible());
    sent->close();
}

// Issue 27: an empty Sent view was a blank table. It says what it is and how to fill it; a status
// filter without rows says how to see the rest.
void TestSentView::anEmptySentViewSaysWhatToDo()
{
    OutboxModel model;
    SentDialog dialog(&model);
    dialog.resize(800, 600);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    SentEmptyState *empty = dialog.emptyState();
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("Nothing sent yet"));
    QVERIFY2(empty->hint().contains(QStringLiteral("New Message")), qPrintable(empty->hint()));
    // Over the table's rows, with its words in the middle.
    QCOMPARE(empty->geometry(), dialog.table()->viewport()->rect());
    auto *title = empty->findChildren<QLabel *>().constFirst();
    QCOMPARE(title->text(), empty->title());
    QVERIFY(qAbs(title->mapTo(dialog.table()->viewport(), title->rect().center()).x() - dialog.table()->viewport()->rect().center().x()) <= 2);

    model.load({entry(2, OutboxStatus::Delivered), entry(1, OutboxStatus::Delivered)});
    QVERIFY(!empty->isVisible());
    dialog.statusFilter()->setCurrentIndex(dialog.statusFilter()->findData(QStringLiteral("failed")));
    QCOMPARE(dialog.table()->model()->rowCount(), 0);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("No messages are “Failed”"));
    QCOMPARE(empty->hint(), QStringLiteral("Choose “All” in “Show:” to see everything sent."));
    dialog.statusFilter()->setCurrentIndex(0);
    QVERIFY(!empty->isVisible());
}

QTEST_MAIN(TestSentView)
#include "tst_sentview.moc"
