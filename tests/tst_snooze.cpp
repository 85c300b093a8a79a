// Snooze in the window, offscreen: the menu's times, Message > Snooze taking a message out of the
// inbox, the Snoozed folder with its wake-up times, Unsnooze, waking (on time and at start) with
// one notification, and the Choose-a-time dialog refusing the past.
#include "ArrivalNotifier.h"
#include "FolderList.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListProxy.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "SnoozeDialog.h"
#include "ReadDelay.h"
#include "SnoozeMenu.h"
#include "SnoozeTimes.h"
#include "SnoozeWaker.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QAction>
#include <QApplication>
#include <QDateTimeEdit>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

QDateTime local(int y, int m, int d, int h, int min, int s = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s), Qt::LocalTime);
}

} // namespace

class TestSnooze : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void menuTimes_data();
    void menuTimes();
    void dialogRefusesThePast();
    void snoozeFromTheMenuLeavesTheInbox();
    void snoozedFolderShowsWhenAndUnsnoozes();
    void contextMenuAndKeyOfferSnooze();
    void wakingBringsThemBackWithOneNotification();
    void oneMessageBackIsNamed();
    void whatCameDueWhileClosedWakesAtStart();

private:
    void openWindow();
    qint64 placementInStore(qint64 id);
    QString folderText(InboxFilter filter) const;

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestSnooze::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_snooze"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestSnooze::init()
{
    QSettings().clear();
    // A selected message is read at once here (delay 0); the delay after a snooze has its own
    // test (tst_readdelay).
    QSettings().setValue(ReadDelay::settingsKey(), 0);
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->addMessages(10)); // "Message 00" (id 1) to "Message 09" (id 10), all unread.
}

void TestSnooze::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestSnooze::openWindow()
{
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->messageList()->setFocus();
}

qint64 TestSnooze::placementInStore(qint64 id)
{
    QSqlQuery q(m_inbox->database());
    q.prepare(u"SELECT is_archived FROM messages WHERE id = ?"_s);
    q.addBindValue(id);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

QString TestSnooze::folderText(InboxFilter filter) const
{
    FolderList *folders = m_window->folderList();
    for (int row = 0; row < folders->count(); ++row) {
        if (folders->item(row)->data(Qt::UserRole).toInt() == static_cast<int>(filter))
            return folders->item(row)->text();
    }
    return {};
}

void TestSnooze::menuTimes_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QDateTime>("later");
    QTest::addColumn<QDateTime>("morning");
    QTest::addColumn<QDateTime>("week");
    // 1 December 2026 is a Tuesday.
    QTest::newRow("tuesday morning: this evening") << local(2026, 12, 1, 9, 10) << local(2026, 12, 1, 18, 0)
                                                   << local(2026, 12, 2, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("three hours before six: six") << local(2026, 12, 1, 15, 0) << local(2026, 12, 1, 18, 0)
                                                 << local(2026, 12, 2, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("afternoon: three hours, to the half hour") << local(2026, 12, 1, 15, 10) << local(2026, 12, 1, 18, 30)
                                                              << local(2026, 12, 2, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("on the half hour stays") << local(2026, 12, 1, 16, 30) << local(2026, 12, 1, 19, 30)
                                            << local(2026, 12, 2, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("evening: still today") << local(2026, 12, 1, 20, 20) << local(2026, 12, 1, 23, 30)
                                          << local(2026, 12, 2, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("late evening: no later today") << local(2026, 12, 1, 20, 45) << QDateTime()
                                                  << local(2026, 12, 2, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("monday: next monday") << local(2026, 12, 7, 10, 0) << local(2026, 12, 7, 18, 0)
                                         << local(2026, 12, 8, 8, 0) << local(2026, 12, 14, 8, 0);
    QTest::newRow("sunday night: tomorrow is next week") << local(2026, 12, 6, 23, 0) << QDateTime()
                                                         << local(2026, 12, 7, 8, 0) << local(2026, 12, 7, 8, 0);
    QTest::newRow("new year's eve") << local(2026, 12, 31, 11, 0) << local(2026, 12, 31, 18, 0)
                                    << local(2027, 1, 1, 8, 0) << local(2027, 1, 4, 8, 0);
}

void TestSnooze::menuTimes()
{
    QFETCH(QDateTime, now);
    QFETCH(QDateTime, later);
    QFETCH(QDateTime, morning);
    QFETCH(QDateTime, week);
    QCOMPARE(SnoozeTimes::laterToday(now), later);
    QCOMPARE(SnoozeTimes::tomorrowMorning(now), morning);
    QCOMPARE(SnoozeTimes::nextWeek(now), week);

    // The menu offers the same, each with its time in the label.
    SnoozeMenu menu;
    menu.setClock([now] { return now; });
    QCOMPARE(menu.laterToday->isEnabled(), later.isValid());
    QVERIFY2(menu.tomorrowMorning->text().contains(SnoozeTimes::describe(morning, now)), qPrintable(menu.tomorrowMorning->text()));
    QSignalSpy chosen(&menu, &SnoozeMenu::snoozeChosen);
    menu.tomorrowMorning->trigger();
    menu.nextWeek->trigger();
    if (later.isValid())
        menu.laterToday->trigger();
    QCOMPARE(chosen.count(), later.isValid() ? 3 : 2);
    QCOMPARE(chosen.at(0).at(0).toDateTime(), morning);
    QCOMPARE(chosen.at(1).at(0).toDateTime(), week);
    if (later.isValid())
        QCOMPARE(chosen.at(2).at(0).toDateTime(), later);
}

void TestSnooze::dialogRefusesThePast()
{
    const QDateTime now = local(2026, 12, 1, 9, 10);
    SnoozeDialog dialog(SnoozeTimes::tomorrowMorning(now), nullptr, [now] { return now; });
    QCOMPARE(dialog.chosen(), local(2026, 12, 2, 8, 0));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // A minute ago: refused with a reason, the dialog stays open.
    dialog.setChosen(now.addSecs(-60));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.refusal().contains(u"passed"_s), qPrintable(dialog.refusal()));
    auto *error = dialog.findChild<QLabel *>(u"snoozeError"_s);
    QVERIFY(error && error->isVisible());
    // Now exactly is not later either.
    dialog.setChosen(now);
    QVERIFY(!error->isVisible()); // Changing the time clears the complaint...
    dialog.accept();
    QVERIFY(dialog.isVisible()); // ...until it is refused again.
    QVERIFY(error->isVisible());
    // An hour ahead is taken.
    dialog.editor()->setDateTime(now.addSecs(3600));
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.refusal().isEmpty());
    QCOMPARE(dialog.chosen(), now.addSecs(3600));
}

void TestSnooze::snoozeFromTheMenuLeavesTheInbox()
{
    openWindow();
    MessageListModel *model = m_window->model();
    QCOMPARE(model->rowCount(), 10);
    QCOMPARE(folderText(InboxFilter::Snoozed), u"Snoozed"_s);
    m_window->messageList()->selectRow(0); // Newest first: "Message 09", id 10 (now read: it was opened).
    const qint64 id = m_window->messageList()->currentMessageId();
    QCOMPARE(id, 10);
    QTRY_VERIFY(m_inbox->isRead(id));
    QVERIFY(m_window->actions()->snooze->isEnabled());
    QVERIFY(!m_window->actions()->unsnooze->isEnabled());

    m_window->actions()->snoozeMenu->tomorrowMorning->trigger();
    // Out of the inbox at once, unread, with its time in the store.
    QCOMPARE(model->rowCount(), 9);
    QCOMPARE(model->rowOfMessage(id), -1);
    QVERIFY(m_window->controller()->writer()->waitForIdle()); // Written by the StoreWriter.
    QCOMPARE(placementInStore(id), int(Placement::Snoozed));
    QVERIFY(!m_inbox->isRead(id));
    StoreError error;
    const std::optional<Message> stored = m_inbox->store().messageById(id, &error);
    QVERIFY(stored);
    const QDateTime morning = SnoozeTimes::tomorrowMorning(QDateTime::currentDateTime());
    QCOMPARE(stored->snoozedUntilMs, morning.toMSecsSinceEpoch());
    // The status bar says until when; the folder counts what waits.
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"Snoozed until"_s), qPrintable(m_window->statusBar()->currentMessage()));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(SnoozeTimes::describe(morning, QDateTime::currentDateTime())),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(folderText(InboxFilter::Snoozed), u"Snoozed  (1)"_s);
    // The next message is selected, as after archiving (and, with no read delay here, read).
    QCOMPARE(m_window->messageList()->currentMessageId(), 9);
    QCOMPARE(folderText(InboxFilter::Inbox), u"Inbox  (8)"_s);
    // The waker is set to it.
    QCOMPARE(m_window->snoozeWaker()->nextWakeMs(), morning.toMSecsSinceEpoch());
    QVERIFY(m_window->snoozeWaker()->isArmed());
}

void TestSnooze::snoozedFolderShowsWhenAndUnsnoozes()
{
    const QDateTime until = QDateTime::currentDateTime().addDays(3);
    StoreError error;
    QVERIFY(MessageIndex(m_inbox->database()).setSnoozed(4, until.toMSecsSinceEpoch(), &error));
    openWindow();
    QCOMPARE(m_window->model()->rowCount(), 9);
    m_window->folderList()->setCurrentRow(2); // Below Inbox and Unread.
    QCOMPARE(m_window->model()->spec().filter, InboxFilter::Snoozed);
    QVERIFY(m_window->actions()->filterAction(InboxFilter::Snoozed)->isChecked());
    QCOMPARE(m_window->model()->rowCount(), 1);
    // The list says when it comes back.
    const QModelIndex date = m_window->displayModel()->index(0, MessageListModel::DateColumn);
    QCOMPARE(date.data().toString(), SnoozeTimes::describe(until, QDateTime::currentDateTime()));
    QVERIFY(!date.data(Qt::DecorationRole).value<QIcon>().isNull()); // The snooze clock.
    QVERIFY(date.data(Qt::ToolTipRole).toString().startsWith(u"Snoozed until"_s));
    QCOMPARE(date.data(Qt::AccessibleTextRole).toString(),
             u"Snoozed until %1"_s.arg(SnoozeTimes::describe(until, QDateTime::currentDateTime())));
    // A message in the inbox shows its date, no clock.
    m_window->actions()->filterAction(InboxFilter::All)->trigger();
    const QModelIndex other = m_window->displayModel()->index(0, MessageListModel::DateColumn);
    QVERIFY(other.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!other.data().toString().isEmpty());
    m_window->actions()->filterAction(InboxFilter::Snoozed)->trigger();
    QCOMPARE(m_window->model()->rowCount(), 1);
    // So does the reading pane.
    m_window->messageList()->selectRow(0);
    QCOMPARE(m_window->messageView()->messageId(), 4);
    const QStringList labels = [this] {
        QStringList texts;
        for (const QLabel *l : m_window->messageView()->findChildren<QLabel *>())
            texts << l->text();
        return texts;
    }();
    QVERIFY2(labels.join(u'|').contains(u"Snoozed until "_s + SnoozeTimes::describe(until, QDateTime::currentDateTime())),
             qPrintable(labels.join(u'|')));
    // Unsnooze: back to the inbox now, unread, out of this folder.
    QVERIFY(m_window->actions()->unsnooze->isEnabled());
    m_window->actions()->unsnooze->trigger();
    QCOMPARE(m_window->model()->rowCount(), 0);
    QVERIFY(m_window->controller()->writer()->waitForIdle()); // Written by the StoreWriter.
    QCOMPARE(placementInStore(4), int(Placement::Inbox));
    QVERIFY(!m_inbox->isRead(4));
    QCOMPARE(folderText(InboxFilter::Snoozed), u"Snoozed"_s);
    QCOMPARE(m_window->snoozeWaker()->nextWakeMs(), 0);
    QVERIFY(!m_window->snoozeWaker()->isArmed());
    m_window->actions()->filterAction(InboxFilter::Inbox)->trigger();
    QVERIFY(m_window->model()->rowOfMessage(4) >= 0);
}

void TestSnooze::contextMenuAndKeyOfferSnooze()
{
    openWindow();
    MessageListView *list = m_window->messageList();
    // B pops the Snooze menu up under the selected message.
    list->selectRow(1);
    list->setFocus();
    QTest::keyClick(list, Qt::Key_B);
    QTRY_COMPARE(QApplication::activePopupWidget(), static_cast<QWidget *>(m_window->actions()->snoozeMenu));
    m_window->actions()->snoozeMenu->close();

    // The list's context menu has it too, for the row clicked.
    const QRect cell = list->visualRect(list->model()->index(2, MessageListModel::SubjectColumn));
    QStringList offered;
    bool snoozeEnabled = false;
    QTimer::singleShot(0, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *a : menu->actions()) {
            offered << a->text();
            if (a->menu() == m_window->actions()->snoozeMenu)
                snoozeEnabled = a->isEnabled();
        }
        menu->close();
    });
    Q_EMIT list->customContextMenuRequested(cell.center());
    QCOMPARE(list->currentIndex().row(), 2); // The row clicked is the one acted on.
    QVERIFY2(offered.contains(m_window->actions()->snoozeMenu->title()), qPrintable(offered.join(u", "_s)));
    QVERIFY(snoozeEnabled);
}

// Several snoozed messages due a few hundred milliseconds from now come back together: unread,
// in the inbox, one notification that counts them.
void TestSnooze::wakingBringsThemBackWithOneNotification()
{
    openWindow();
    QSignalSpy notified(m_window->notifier(), &ArrivalNotifier::notify);
    QSignalSpy woke(m_window->snoozeWaker(), &SnoozeWaker::woke);
    MessageListModel *model = m_window->model();
    const qint64 due = QDateTime::currentMSecsSinceEpoch() + 400;
    for (qint64 id : {2, 5, 7}) {
        m_window->messageList()->selectMessage(id); // Opened: read.
        QTRY_VERIFY(m_inbox->isRead(id));
        QVERIFY(model->setSnoozed(model->rowOfMessage(id), due));
    }
    QCOMPARE(model->rowCount(), 7);
    QVERIFY(m_window->controller()->writer()->waitForIdle()); // Written by the StoreWriter.
    QCOMPARE(m_window->snoozeWaker()->nextWakeMs(), due);
    QVERIFY(notified.isEmpty());

    QVERIFY(woke.wait(15'000));
    QCOMPARE(woke.count(), 1);
    QCOMPARE(woke.at(0).at(0).value<QVector<qint64>>(), (QVector<qint64>{2, 5, 7}));
    QVERIFY(QDateTime::currentMSecsSinceEpoch() >= due); // Not early.
    QCOMPARE(model->rowCount(), 10);
    for (qint64 id : {2, 5, 7}) {
        QVERIFY(model->rowOfMessage(id) >= 0);
        QVERIFY2(!m_inbox->isRead(id), qPrintable(u"id %1 read; selected %2"_s.arg(id).arg(m_window->messageList()->currentMessageId())));
        QCOMPARE(placementInStore(id), int(Placement::Inbox));
    }
    QCOMPARE(folderText(InboxFilter::Snoozed), u"Snoozed"_s);
    // One notification, sent as the messages came back; nothing is left to wake, so no other can follow.
    QCOMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), u"3 snoozed messages back"_s);
    QCOMPARE(notified.at(0).at(2).toLongLong(), 7);
    QVERIFY(!m_window->snoozeWaker()->isArmed());
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"3 snoozed messages"_s));
}

void TestSnooze::oneMessageBackIsNamed()
{
    openWindow();
    QSignalSpy notified(m_window->notifier(), &ArrivalNotifier::notify);
    MessageListModel *model = m_window->model();
    QVERIFY(model->setSnoozed(model->rowOfMessage(3), QDateTime::currentMSecsSinceEpoch() + 300));
    QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 15'000);
    QCOMPARE(notified.at(0).at(0).toString(), u"Snoozed message back: Message 02"_s);
    QCOMPARE(notified.at(0).at(2).toLongLong(), 3);
    QVERIFY(!m_window->snoozeWaker()->isArmed());
    QCOMPARE(notified.count(), 1);
}

// The app was closed when their time came: they wake as the window starts (one notification),
// and one still in the future stays snoozed.
void TestSnooze::whatCameDueWhileClosedWakesAtStart()
{
    StoreError error;
    MessageIndex index(m_inbox->database());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(index.setSnoozed(1, now - 3'600'000, &error));
    QVERIFY(index.setSnoozed(2, now - 60'000, &error));
    QVERIFY(index.setSnoozed(3, now + 86'400'000, &error));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    // Nothing woke inside the constructor: listeners (the tray) connect after it.
    QSignalSpy notified(m_window->notifier(), &ArrivalNotifier::notify);
    QCOMPARE(placementInStore(1), int(Placement::Snoozed));
    m_window->show();
    QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 15'000);
    QCOMPARE(notified.at(0).at(0).toString(), u"2 snoozed messages back"_s);
    QCOMPARE(placementInStore(1), int(Placement::Inbox));
    QCOMPARE(placementInStore(2), int(Placement::Inbox));
    QCOMPARE(placementInStore(3), int(Placement::Snoozed));
    QCOMPARE(m_window->model()->rowCount(), 9);
    QCOMPARE(m_window->snoozeWaker()->nextWakeMs(), now + 86'400'000);
    QCOMPARE(folderText(InboxFilter::Snoozed), u"Snoozed  (1)"_s);
}

QTEST_MAIN(TestSnooze)
#include "tst_snooze.moc"
