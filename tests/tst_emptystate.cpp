// An empty list says why (issue 27, item 7, the list's part): an empty folder, a search without
// hits and a server that cannot be reached each get a line in the middle of the list saying what
// happened and what to do; a list with rows shows none. Offscreen.
#include "EmptyStateOverlay.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "SearchBar.h"
#include "TestInbox.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestEmptyState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void anEmptyInboxSaysSo();
    void aSearchWithoutHitsSaysSo();
    void anUnreachableServerSaysWhatToDo();
    void anEmptyFolderSaysWhatFillsIt();
    void everyCaseHasWords();

private:
    void openWindow(int messages);
    EmptyStateOverlay *overlay() const { return m_window->emptyState(); }

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestEmptyState::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_emptystate"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestEmptyState::openWindow(int messages)
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    if (messages > 0)
        QVERIFY(m_inbox->addMessages(messages));
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestEmptyState::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestEmptyState::anEmptyInboxSaysSo()
{
    openWindow(0);
    QVERIFY(overlay()->isVisible());
    QCOMPARE(overlay()->title(), u"Your inbox is empty"_s);
    QVERIFY(!overlay()->hint().isEmpty());
    // In the middle of the list, over all of it.
    QWidget *viewport = m_window->messageList()->viewport();
    QCOMPARE(overlay()->geometry(), viewport->rect());
    auto *title = overlay()->findChildren<QLabel *>().constFirst();
    QCOMPARE(title->text(), overlay()->title());
    const QPoint centre = title->mapTo(viewport, title->rect().center());
    QVERIFY(qAbs(centre.x() - viewport->rect().center().x()) <= 2);
    QVERIFY(centre.y() > 0 && centre.y() < viewport->height() / 2 + 1);
    QCOMPARE(title->alignment() & Qt::AlignHCenter, Qt::AlignHCenter);
}

void TestEmptyState::aSearchWithoutHitsSaysSo()
{
    openWindow(5);
    QVERIFY(!overlay()->isVisible()); // Rows: nothing to explain.
    m_window->actions()->find->trigger();
    QTest::keyClicks(m_window->searchBar(), u"zebra"_s);
    QTRY_COMPARE(m_window->model()->rowCount(), 0);
    QVERIFY(overlay()->isVisible());
    QCOMPARE(overlay()->title(), u"No messages match “zebra”"_s);
    QVERIFY2(overlay()->hint().contains(u"Esc"_s), qPrintable(overlay()->hint()));
    QTest::keyClick(m_window->searchBar(), Qt::Key_Escape);
    QTRY_COMPARE(m_window->model()->rowCount(), 5);
    QVERIFY(!overlay()->isVisible());
}

void TestEmptyState::anUnreachableServerSaysWhatToDo()
{
    openWindow(0);
    m_window->onConnectionStateChanged(ConnectionState::BrokerUnreachable, u"Local: Broker transport failure"_s);
    QVERIFY(overlay()->isVisible());
    QCOMPARE(overlay()->title(), u"No messages: the server cannot be reached"_s);
    QVERIFY2(overlay()->hint().contains(u"File > Settings"_s), qPrintable(overlay()->hint()));
    m_window->onConnectionStateChanged(ConnectionState::AuthenticationFailed, QString());
    QVERIFY2(overlay()->hint().contains(u"password"_s), qPrintable(overlay()->hint()));
    m_window->onConnectionStateChanged(ConnectionState::Connected, QString());
    QCOMPARE(overlay()->title(), u"Your inbox is empty"_s);
}

void TestEmptyState::anEmptyFolderSaysWhatFillsIt()
{
    openWindow(3);
    // The server is down, yet an empty Archived is empty because nothing was archived.
    m_window->onConnectionStateChanged(ConnectionState::BrokerUnreachable, QString());
    QVERIFY(!overlay()->isVisible());
    m_window->actions()->filterAction(InboxFilter::Archived)->trigger();
    QCOMPARE(m_window->model()->rowCount(), 0);
    QVERIFY(overlay()->isVisible());
    QCOMPARE(overlay()->title(), u"Nothing is archived"_s);
    QVERIFY2(overlay()->hint().contains(u"Delete"_s), qPrintable(overlay()->hint()));
    m_window->actions()->filterAction(InboxFilter::Inbox)->trigger();
    QVERIFY(!overlay()->isVisible());
}

void TestEmptyState::everyCaseHasWords()
{
    const QList<InboxFilter> filters{InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Snoozed,
                                     InboxFilter::Archived, InboxFilter::Inactive, InboxFilter::All};
    for (int s = int(ConnectionState::Stopped); s <= int(ConnectionState::StorageError); ++s) {
        for (InboxFilter f : filters) {
            for (const QString &search : {QString(), u"x"_s}) {
                InboxViewSpec spec;
                spec.filter = f;
                spec.searchText = search;
                const EmptyStateOverlay::Explanation e = EmptyStateOverlay::explain(spec, ConnectionState(s));
                QVERIFY2(!e.title.isEmpty() && !e.hint.isEmpty(), qPrintable(u"state %1, folder %2"_s.arg(s).arg(int(f))));
            }
        }
    }
}

QTEST_MAIN(TestEmptyState)
#include "tst_emptystate.moc"
