// Screenshots kept as artifacts (issue 27): on an 800x600 and a 1280x800 screen (two ctest runs, the
// offscreen platform configured for each), in English and German, the main
// window with demo-like messages, the compose dialog, Settings after a failed connection test (nothing
// listens on loopback port 1) and a search without hits, written to <build>/screenshots/ as PNGs. Each
// shot also checks what a person would see go wrong in it: the window fits the size, the search field
// and the list lie wholly inside it, no toolbar button went to an overflow menu, no one-line label of
// the status bar, the forms or the buttons is cut off, every dialog fits the screen. Offscreen.
#include "ComposeActions.h"
#include "ComposeDialog.h"
#include "EmptyStateOverlay.h"
#include "FakeProducer.h"
#include "InboxActions.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "OutboxService.h"
#include "ProfileSettings.h"
#include "SearchBar.h"
#include "SettingsDialog.h"
#include "TestInbox.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTranslator>
#include <QTreeWidget>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QString Uuid = u"5f0c6a8e-2b1d-4c3e-9a7f-1e2d3c4b5a69"_s;

// Where `w` lies in `top`'s coordinates.
QRect rectIn(const QWidget *w, const QWidget *top)
{
    return QRect(w->mapTo(top, QPoint(0, 0)), w->size());
}

// The visible one-line labels and the buttons under `root` whose text does not fit their width.
QStringList cutOff(const QWidget *root)
{
    QStringList problems;
    for (const QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->wordWrap() || label->text().isEmpty() || label->textFormat() == Qt::RichText)
            continue;
        const int needed = label->fontMetrics().horizontalAdvance(label->text().remove(u'&'));
        if (needed > label->contentsRect().width())
            problems << u"label \"%1\": %2 px wide, needs %3"_s.arg(label->text()).arg(label->contentsRect().width()).arg(needed);
    }
    for (const QAbstractButton *button : root->findChildren<QAbstractButton *>()) {
        if (!button->isVisible() || button->text().isEmpty())
            continue;
        if (button->width() < button->sizeHint().width())
            problems << u"button \"%1\": %2 px wide, needs %3"_s.arg(button->text()).arg(button->width()).arg(button->sizeHint().width());
    }
    return problems;
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theFirstWindowFitsTheScreen();
    void shots_data();
    void shots();

private:
    void install(const QString &language);
    /// Saves `w` as <language>-<W>x<H>-<name>.png; false when it could not be written.
    bool save(QWidget *w, const QString &name);
    void mainWindow(const QSize &size);
    void composeDialog(const QSize &size);
    void settingsAfterAFailedTest(const QSize &size);
    void emptySearch(const QSize &size);

    QTemporaryDir m_dir;
    QString m_shots;
    QString m_prefix;
    std::vector<std::unique_ptr<QTranslator>> m_translators;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestScreenshots::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_screenshots"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    m_shots = QDir(qEnvironmentVariable("NS_TEST_BINARY_DIR", QDir::tempPath())).filePath(u"screenshots"_s);
    QVERIFY(QDir().mkpath(m_shots));
}

void TestScreenshots::init()
{
    QSettings().clear();
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    // As the demo fills it: a few senders, a link on some, one read, newest first.
    const QDateTime start(QDate(2026, 12, 7), QTime(8, 30), Qt::UTC);
    const QStringList subjects{u"Notarisation of the Müller contract is complete"_s,
                               u"Your signature is needed on deed 2026-1187"_s,
                               u"Maintenance window tonight from 22:00 to 23:00"_s,
                               u"New fee schedule from 1 January"_s,
                               u"Reminder: certificate renewal due in 14 days"_s,
                               u"Weekly summary: 37 documents notarised"_s,
                               u"Appointment moved to Thursday, 10:30"_s,
                               u"Identity check passed for client 4471"_s};
    const QStringList senders{u"Notary Service"_s, u"Registry Office"_s, u"System Account"_s, u"Billing"_s};
    QVector<Message> messages;
    for (int i = 0; i < subjects.size(); ++i) {
        Message m = m_inbox->make(subjects.at(i),
                                  u"Dear colleague,\n\n%1.\n\nThe details are in the registry; the link below opens them.\n\nKind regards"_s.arg(subjects.at(i)),
                                  start.addSecs(i * 2400), senders.at(i % senders.size()));
        if (i % 2 == 0)
            m.referenceUrl = u"https://registry.example.com/documents/%1"_s.arg(1180 + i);
        messages.append(m);
    }
    QVERIFY(m_inbox->add(messages));
    QVERIFY(m_inbox->setState(m_inbox->idOfSubject(subjects.at(3)), true, false));
}

void TestScreenshots::cleanup()
{
    m_window.reset();
    m_inbox.reset();
    for (const auto &translator : m_translators)
        QCoreApplication::removeTranslator(translator.get());
    m_translators.clear();
}

void TestScreenshots::install(const QString &language)
{
    if (language == u"en"_s)
        return;
    for (const QString &file : {u":/i18n/ns-inbox_%1.qm"_s.arg(language),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath) + u"/qtbase_%1.qm"_s.arg(language)}) {
        auto translator = std::make_unique<QTranslator>();
        if (translator->load(file) && QCoreApplication::installTranslator(translator.get()))
            m_translators.push_back(std::move(translator));
        else
            QVERIFY2(!file.startsWith(u':'), qPrintable(file)); // Qt's may be missing; ours not.
    }
}

bool TestScreenshots::save(QWidget *w, const QString &name)
{
    QApplication::processEvents();
    const QString path = QDir(m_shots).filePath(m_prefix + name + u".png"_s);
    return w->grab().save(path) && QFileInfo(path).size() > 0;
}

// Issue 27: the window opened 1100 px wide on an 800x600 screen, its right part off the screen.
void TestScreenshots::theFirstWindowFitsTheScreen()
{
    MainWindow window(&m_inbox->store(), u"test"_s);
    const QSize available = window.screen()->availableGeometry().size();
    QVERIFY2(window.width() <= available.width() && window.height() <= available.height(),
             qPrintable(u"%1x%2 on a screen of %3x%4"_s.arg(window.width()).arg(window.height()).arg(available.width()).arg(available.height())));
    QVERIFY(window.width() >= std::min(available.width(), 800)); // Clamped, not shrunk for nothing.
}

// The screen is the offscreen platform's, set by the config file ctest names (tests/support/screens/).
void TestScreenshots::shots_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QSize>("size");
    const QSize screen = QGuiApplication::primaryScreen()->availableGeometry().size();
    for (const QString &language : {u"en"_s, u"de"_s})
        QTest::addRow("%s-%dx%d", qPrintable(language), screen.width(), screen.height()) << language << screen;
}

void TestScreenshots::shots()
{
    QFETCH(QString, language);
    QFETCH(QSize, size);
    install(language);
    m_prefix = u"%1-%2x%3-"_s.arg(language).arg(size.width()).arg(size.height());
    mainWindow(size);
    if (QTest::currentTestFailed())
        return;
    composeDialog(size);
    if (QTest::currentTestFailed())
        return;
    emptySearch(size);
    if (QTest::currentTestFailed())
        return;
    settingsAfterAFailedTest(size);
}

void TestScreenshots::mainWindow(const QSize &size)
{
    m_window = std::make_unique<MainWindow>(&m_inbox->store(), u"test"_s);
    m_window->messageView()->setUrlOpener([](const QUrl &) { return false; });
    m_window->resize(size);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->onConnectionStateChanged(ConnectionState::Connected, QString());
    m_window->messageList()->setFocus();
    m_window->messageList()->selectRow(0);
    QApplication::processEvents();
    QVERIFY(save(m_window.get(), u"main"_s)); // First, so that a failing check below can be looked at.
    QCOMPARE(m_window->size(), size); // Its minimum fits the size.

    const QRect visible = m_window->rect();
    for (QWidget *w : {static_cast<QWidget *>(m_window->searchBar()), static_cast<QWidget *>(m_window->messageList()),
                       static_cast<QWidget *>(m_window->messageView())}) {
        QVERIFY2(w->isVisible() && visible.contains(rectIn(w, m_window.get())),
                 qPrintable(u"%1 at %2,%3 %4x%5, the window %6x%7"_s.arg(QString::fromLatin1(w->metaObject()->className()))
                                .arg(rectIn(w, m_window.get()).x()).arg(rectIn(w, m_window.get()).y())
                                .arg(w->width()).arg(w->height()).arg(visible.width()).arg(visible.height())));
    }
    QVERIFY(m_window->messageList()->height() > 100); // Rows to see, not a sliver.
    // Every toolbar button shown in the toolbar, none in its "»" overflow menu; with words where there is room.
    for (QToolBar *bar : m_window->findChildren<QToolBar *>()) {
        if (size.width() >= 1280)
            QCOMPARE(bar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
        for (QAction *a : bar->actions()) {
            if (a->isSeparator() || !a->isVisible())
                continue;
            QWidget *button = bar->widgetForAction(a);
            QVERIFY2(button && button->isVisible() && bar->rect().contains(button->geometry()), qPrintable(a->text()));
        }
    }
    QStringList problems = cutOff(m_window->statusBar());
    problems << cutOff(m_window->messageView());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestScreenshots::composeDialog(const QSize &size)
{
    auto kafka = std::make_shared<test::FakeKafka>();
    OutboxService outbox(m_inbox->path(), [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    auto *compose = new ComposeActions(&outbox, m_inbox->database(), u"Ops Team"_s, m_window.get());
    ComposeDialog *dialog = compose->newMessage();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->subjectEdit()->setText(u"Maintenance window tonight"_s);
    dialog->bodyEdit()->setPlainText(u"The registry is offline from 22:00 to 23:00."_s);
    QVERIFY(save(dialog, u"compose"_s));
    QVERIFY2(dialog->width() <= size.width() && dialog->height() <= size.height(),
             qPrintable(u"compose %1x%2"_s.arg(dialog->width()).arg(dialog->height())));
    for (QWidget *w : {static_cast<QWidget *>(dialog->recipientsEdit()), static_cast<QWidget *>(dialog->subjectEdit()),
                       static_cast<QWidget *>(dialog->bodyEdit()), static_cast<QWidget *>(dialog->sendButton())})
        QVERIFY2(w->isVisible() && dialog->rect().contains(rectIn(w, dialog)), w->metaObject()->className());
    const QStringList problems = cutOff(dialog);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    delete dialog;
    delete compose;
}

void TestScreenshots::emptySearch(const QSize &size)
{
    Q_UNUSED(size);
    m_window->actions()->find->trigger();
    QTest::keyClicks(m_window->searchBar(), u"zebra"_s);
    QTRY_COMPARE(m_window->model()->rowCount(), 0);
    EmptyStateOverlay *overlay = m_window->emptyState();
    QVERIFY(save(m_window.get(), u"search-empty"_s));
    QVERIFY(overlay->isVisible());
    QWidget *viewport = m_window->messageList()->viewport();
    for (QLabel *label : overlay->findChildren<QLabel *>()) {
        // Wrapped lines: all of each fits in the list's width and height.
        QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
        QVERIFY2(viewport->rect().contains(rectIn(label, viewport)), qPrintable(label->text()));
    }
    QVERIFY(m_window->rect().contains(rectIn(m_window->searchBar(), m_window.get())));
}

void TestScreenshots::settingsAfterAFailedTest(const QSize &size)
{
    QSettings settings;
    ProfileSettings profile;
    profile.connection.bootstrapServers = u"127.0.0.1:1"_s; // Nothing listens on port 1.
    profile.connection.userUuid = Uuid;
    SettingsDialog dialog(profile, nullptr, &settings, m_window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    dialog.testConnection();
    QVERIFY(tested.wait(20'000));
    QVERIFY(save(&dialog, u"settings-failed-test"_s));
    QVERIFY(dialog.testSteps()->isVisible() && dialog.testSteps()->topLevelItemCount() > 0);
    QVERIFY2(dialog.width() <= size.width() && dialog.height() <= size.height(),
             qPrintable(u"settings %1x%2"_s.arg(dialog.width()).arg(dialog.height())));
    QVERIFY(dialog.rect().contains(rectIn(dialog.testButton(), &dialog)));
    const QStringList problems = cutOff(&dialog);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
