// The search field stays within reach (issue 27, item 1): at 800 px and in German, Ctrl+F shows
// and focuses a usable field, and letters typed in the list search instead of jumping to (and
// showing) a message by its first letter. Offscreen, with the German translation loaded as the app does.
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "SearchBar.h"
#include "TestInbox.h"
#include "Translations.h"

#include <QAction>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

class TestSearchReach : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void ctrlFShowsAndFocusesTheSearch_data();
    void ctrlFShowsAndFocusesTheSearch();
    void typingInTheListSearches_data();
    void typingInTheListSearches();

private:
    void openWindow(bool german, int width);

    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
    bool m_german = false;
};

void TestSearchReach::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_searchreach"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestSearchReach::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->addMessages(20));
}

void TestSearchReach::cleanup()
{
    m_window.reset();
    m_inbox.reset();
}

void TestSearchReach::openWindow(bool german, int width)
{
    if (german && !m_german) { // As the app does at start, for a German desktop.
        const QStringList loaded = Translations::install(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY2(loaded.contains(u":/i18n/ns-inbox_de.qm"_s), qPrintable(loaded.join(u' ')));
        m_german = true;
    } else if (!german && m_german) {
        for (QTranslator *translator : QCoreApplication::instance()->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
        m_german = false;
    }
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->resize(width, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QCOMPARE(m_window->width(), width);
    QCOMPARE(m_window->menuBar()->actions().constFirst()->text(), german ? u"&Datei"_s : u"&File"_s);
    m_window->messageList()->setFocus();
}

void TestSearchReach::ctrlFShowsAndFocusesTheSearch_data()
{
    QTest::addColumn<bool>("german");
    QTest::addColumn<int>("width");
    QTest::newRow("English, 800 px") << false << 800;
    QTest::newRow("German, 800 px") << true << 800;
    QTest::newRow("German, default width") << true << 1100;
}

void TestSearchReach::ctrlFShowsAndFocusesTheSearch()
{
    QFETCH(bool, german);
    QFETCH(int, width);
    openWindow(german, width);
    if (QTest::currentTestFailed())
        return;
    SearchBar *search = m_window->searchBar();
    QTest::keyClick(m_window->messageList(), Qt::Key_F, Qt::ControlModifier);
    // Visible, inside the window, wide enough to type in, and focused.
    QVERIFY(search->isVisible());
    QVERIFY(!search->visibleRegion().isEmpty());
    const QRect inWindow(search->mapTo(m_window.get(), QPoint(0, 0)), search->size());
    QVERIFY2(m_window->rect().contains(inWindow), qPrintable(u"%1,%2 %3x%4"_s.arg(inWindow.x()).arg(inWindow.y()).arg(inWindow.width()).arg(inWindow.height())));
    QVERIFY(search->width() >= search->fontMetrics().averageCharWidth() * 20);
    QCOMPARE(QApplication::focusWidget(), search);

    // What is typed searches, and opens nothing.
    QTest::keyClicks(QApplication::focusWidget(), u"Message 07"_s);
    QCOMPARE(search->text(), u"Message 07"_s);
    QTRY_COMPARE(m_window->model()->spec().searchText, u"Message 07"_s);
    QCOMPARE(m_window->messageView()->messageId(), 0);
    QCOMPARE(m_window->model()->rowCount(), 1);
}

void TestSearchReach::typingInTheListSearches_data()
{
    ctrlFShowsAndFocusesTheSearch_data();
}

void TestSearchReach::typingInTheListSearches()
{
    QFETCH(bool, german);
    QFETCH(int, width);
    openWindow(german, width);
    if (QTest::currentTestFailed())
        return;
    MessageListView *list = m_window->messageList();
    QCOMPARE(list->currentMessageId(), 0);
    // "x" and "q" are no shortcut; the type-ahead would jump to the first message starting with them.
    QTest::keyClick(list, Qt::Key_X);
    QCOMPARE(QApplication::focusWidget(), m_window->searchBar());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Q); // The next key goes on in the field.
    QCOMPARE(m_window->searchBar()->text(), u"xq"_s);
    QCOMPARE(list->currentMessageId(), 0);
    QCOMPARE(m_window->messageView()->messageId(), 0);
    QTRY_COMPARE(m_window->model()->spec().searchText, u"xq"_s);
}

QTEST_MAIN(TestSearchReach)
#include "tst_searchreach.moc"
