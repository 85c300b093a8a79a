// The window session (app/WindowSession), run in-process with real widgets (offscreen): the welcome
// page when nothing is configured, the demo with --demo-if-unconfigured or from the welcome page,
// the password flow when the keychain has none (a prompt, then a status line), and a clear error
// for an inbox that cannot be opened. A driver acts from inside the session's event loops.
#include "MainWindow.h"
#include "MessageListModel.h"
#include "InboxActions.h"
#include "PasswordPrompt.h"
#include "ProfileSettings.h"
#include "SettingsDialog.h"
#include "WelcomePage.h"
#include "WindowSession.h"

#include "ConnectionIndicator.h"
#include "Database.h"
#include "NoticeBar.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

const QString Uuid = u"6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21"_s;

/// The visible top-level widget of type T (dialogs included), or null.
template <class T> T *shown()
{
    const QWidgetList windows = QApplication::topLevelWidgets();
    for (QWidget *w : windows) {
        if (auto *t = qobject_cast<T *>(w); t && t->isVisible())
            return t;
    }
    return nullptr;
}

/// Runs app::runWindowSession() and acts from inside it: each step waits (by polling from a timer, so
/// the session's own nested event loops keep running) until its condition holds, then acts. When a
/// step does not come within the time limit, the driver records which, closes every dialog and ends
/// the session, so a failing test ends instead of hanging.
class SessionDriver
{
public:
    void then(const QString &what, std::function<bool()> ready, std::function<void()> act = {})
    {
        m_steps.append({what, std::move(ready), std::move(act)});
    }

    int run(const LaunchRequest &request, int timeoutMs = 120'000, bool *restart = nullptr)
    {
        QTimer timer;
        timer.setInterval(50);
        QDeadlineTimer deadline(timeoutMs);
        QObject::connect(&timer, &QTimer::timeout, [&] {
            if (!m_failure.isEmpty() || deadline.hasExpired()) {
                if (m_failure.isEmpty())
                    m_failure = u"timed out waiting for: "_s + (m_next < m_steps.size() ? m_steps.at(m_next).what : u"the session to end"_s);
                abort();
                return;
            }
            if (m_next < m_steps.size() && m_steps.at(m_next).ready()) {
                const Step step = m_steps.at(m_next++);
                if (step.act)
                    step.act();
            }
        });
        timer.start();
        const int status = app::runWindowSession(request, restart);
        timer.stop();
        if (m_failure.isEmpty() && m_next < m_steps.size())
            m_failure = u"the session ended before: "_s + m_steps.at(m_next).what;
        return status;
    }

    QString failure() const { return m_failure; }

private:
    struct Step
    {
        QString what;
        std::function<bool()> ready;
        std::function<void()> act;
    };

    static void abort()
    {
        const QWidgetList windows = QApplication::topLevelWidgets();
        for (QWidget *w : windows) {
            if (auto *dialog = qobject_cast<QDialog *>(w); dialog && dialog->isVisible())
                dialog->reject();
        }
        QApplication::exit(-1);
    }

    QVector<Step> m_steps;
    qsizetype m_next = 0;
    QString m_failure;
};

} // namespace

class TestWindowSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void unconfiguredShowsTheWelcomePage();
    void welcomePageOffersTheDemo();
    void demoIfUnconfiguredStartsTheDemo();
    void savedSettingsEndTheSessionForANewOne();
    void noPasswordAsksThenSaysSo();
    void aPasswordGivenAtThePromptConnects();
    void anInboxThatCannotOpenIsAnError();
    void aDamagedInboxIsSetAsideAndTold();

private:
    /// A request as the command line makes it for a user with SASL and no password anywhere.
    LaunchRequest saslRequest() const;

    QTemporaryDir m_home;
    QString m_database;
};

void TestWindowSession::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Settings, the single-instance lock and socket, and the log: all in this folder.
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"}) {
        const QString dir = m_home.filePath(QString::fromLatin1(name));
        QVERIFY(QDir().mkpath(dir));
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv(name, QFile::encodeName(dir));
    }
    QCoreApplication::setOrganizationName(u"ns-inbox-test"_s);
    QCoreApplication::setApplicationName(u"tst_windowsession"_s);
    // No session bus: no keychain, as on a server or a minimal desktop (the prompt's path).
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("NS_INBOX_SASL_PASSWORD");
    qunsetenv("NS_INBOX_STARTUP_PROBE");
}

void TestWindowSession::init()
{
    static int n = 0;
    m_database = m_home.filePath(u"inbox-%1/inbox.sqlite"_s.arg(n++));
    QSettings().clear();
}

LaunchRequest TestWindowSession::saslRequest() const
{
    LaunchRequest r;
    // Nothing listens on port 1: the ingester, once started, only tries to connect.
    r.settings.bootstrapServers = u"127.0.0.1:1"_s;
    r.settings.userUuid = Uuid;
    r.settings.securityProtocol = u"SASL_PLAINTEXT"_s;
    r.settings.saslMechanism = u"SCRAM-SHA-256"_s;
    r.settings.saslUsername = u"alice"_s;
    r.databasePath = m_database;
    return r;
}

void TestWindowSession::unconfiguredShowsTheWelcomePage()
{
    LaunchRequest request;
    request.needsSetup = true;
    request.databasePath = m_database;
    SessionDriver driver;
    bool windowDuringWelcome = true;
    driver.then(u"the welcome page"_s, [] { return shown<WelcomePage>() != nullptr; }, [&] {
        windowDuringWelcome = shown<MainWindow>() != nullptr;
        shown<WelcomePage>()->reject(); // Closed: the user did not choose.
    });
    const int status = driver.run(request);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
    QVERIFY(!windowDuringWelcome);
    // Closing the welcome page ends the session before anything touched a profile.
    QVERIFY(!QFile::exists(m_database));
    QVERIFY(!shown<MainWindow>());
}

void TestWindowSession::welcomePageOffersTheDemo()
{
    LaunchRequest request;
    request.needsSetup = true;
    request.databasePath = m_database;
    SessionDriver driver;
    QString title;
    driver.then(u"the welcome page"_s, [] { return shown<WelcomePage>() != nullptr; }, [] {
        const auto buttons = shown<WelcomePage>()->findChildren<QAbstractButton *>();
        for (QAbstractButton *b : buttons) {
            if (b->text() == u"Try the &demo"_s)
                b->click();
        }
    });
    driver.then(u"the demo's sample messages in the window"_s,
                [] { return shown<MainWindow>() && shown<MainWindow>()->model()->rowCount() > 0; }, [&] {
                    title = shown<MainWindow>()->windowTitle();
                    QApplication::exit(0);
                });
    const int status = driver.run(request);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
    QVERIFY2(title.endsWith(u"NS Inbox — demo"_s), qPrintable(title));
    QVERIFY(QFile::exists(m_database));
}

void TestWindowSession::demoIfUnconfiguredStartsTheDemo()
{
    // What the command line makes of --demo-if-unconfigured with nothing configured.
    LaunchRequest request;
    request.needsSetup = true;
    request.demo = true;
    request.databasePath = m_database;
    SessionDriver driver;
    bool welcomeShown = false;
    QString title;
    driver.then(u"the demo's sample messages in the window"_s,
                [&] {
                    welcomeShown = welcomeShown || shown<WelcomePage>();
                    return shown<MainWindow>() && shown<MainWindow>()->model()->rowCount() > 0;
                },
                [&] {
                    title = shown<MainWindow>()->windowTitle();
                    QApplication::exit(0);
                });
    const int status = driver.run(request);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
    QVERIFY(!welcomeShown);
    QVERIFY2(title.endsWith(u"NS Inbox — demo"_s), qPrintable(title));
}

void TestWindowSession::savedSettingsEndTheSessionForANewOne()
{
    // A saved profile, so that OK saves it as it is (a changed server would be tried first).
    ProfileSettings saved;
    saved.connection.bootstrapServers = u"127.0.0.1:9"_s;
    saved.connection.userUuid = u"6f1c2a8e-1d2b-4c3d-9e4f-5a6b7c8d9e0f"_s;
    {
        QSettings settings;
        QString error;
        QVERIFY2(saved.save(settings, &error), qPrintable(error));
    }
    LaunchRequest request;
    request.demo = true;
    request.databasePath = m_database;
    SessionDriver driver;
    driver.then(u"the window"_s, [] { return shown<MainWindow>() != nullptr; },
                [] { // Later: the dialog runs its own loop, which the driver's step must not hold.
                    QTimer::singleShot(0, shown<MainWindow>()->actions()->settings, &QAction::trigger);
                });
    driver.then(u"the settings dialog"_s, [] { return shown<SettingsDialog>() != nullptr; },
                [] { shown<SettingsDialog>()->accept(); });
    bool restart = false;
    const int status = driver.run(request, 120'000, &restart);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
    QVERIFY(restart); // main() starts a new session with what was saved.

    // Cancelled, the session goes on; quitting ends it without a restart.
    SessionDriver cancelled;
    cancelled.then(u"the window"_s, [] { return shown<MainWindow>() != nullptr; },
                   [] { // Later: the dialog runs its own loop, which the driver's step must not hold.
                    QTimer::singleShot(0, shown<MainWindow>()->actions()->settings, &QAction::trigger);
                });
    cancelled.then(u"the settings dialog"_s, [] { return shown<SettingsDialog>() != nullptr; },
                   [] { shown<SettingsDialog>()->reject(); });
    cancelled.then(u"the dialog closed, the window still there"_s,
                   [] { return !shown<SettingsDialog>() && shown<MainWindow>() != nullptr; },
                   [] { QApplication::exit(0); });
    QCOMPARE(cancelled.run(request, 120'000, &restart), 0);
    QVERIFY2(cancelled.failure().isEmpty(), qPrintable(cancelled.failure()));
    QVERIFY(!restart);
}

void TestWindowSession::noPasswordAsksThenSaysSo()
{
    SessionDriver driver;
    QString reason;
    QString statusLine;
    ConnectionState state = ConnectionState::Connecting;
    driver.then(u"the password prompt"_s, [] { return shown<PasswordPrompt>() != nullptr; }, [&] {
        PasswordPrompt *prompt = shown<PasswordPrompt>();
        reason = prompt->reasonLabel()->text();
        prompt->reject(); // Cancelled.
    });
    driver.then(u"the prompt closed"_s, [] { return !shown<PasswordPrompt>(); }, [&] {
        MainWindow *window = shown<MainWindow>();
        statusLine = window->statusBar()->currentMessage();
        state = window->connectionIndicator()->state();
        QApplication::exit(0);
    });
    const int status = driver.run(saslRequest());
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
    // The prompt says why it asks; cancelled, the window says it is not connected and how to fix it.
    QVERIFY2(reason.contains(u"No system keychain is available"_s), qPrintable(reason));
    QCOMPARE(statusLine, u"Not connected: no password. Use File > Settings… to enter it."_s);
    QCOMPARE(state, ConnectionState::Stopped); // No ingester without a password.
}

void TestWindowSession::aPasswordGivenAtThePromptConnects()
{
    SessionDriver driver;
    driver.then(u"the password prompt"_s, [] { return shown<PasswordPrompt>() != nullptr; }, [] {
        PasswordPrompt *prompt = shown<PasswordPrompt>();
        prompt->passwordEdit()->setText(u"s3cret"_s);
        prompt->accept();
    });
    // The status line says where the password came from; the ingester starts with it.
    driver.then(u"the status line \"password for this session only\""_s, [] {
        return shown<MainWindow>() && shown<MainWindow>()->statusBar()->currentMessage() == u"password for this session only"_s;
    });
    driver.then(u"the ingester started"_s,
                [] { return shown<MainWindow>()->connectionIndicator()->state() != ConnectionState::Stopped; },
                [] { QApplication::exit(0); });
    const int status = driver.run(saslRequest());
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
}

void TestWindowSession::anInboxThatCannotOpenIsAnError()
{
    // A file where the inbox's folder should be: the database cannot be created there.
    const QString blocker = m_home.filePath(u"not-a-folder"_s);
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    LaunchRequest request = saslRequest();
    request.databasePath = blocker + u"/inbox.sqlite"_s;
    SessionDriver driver;
    QString text;
    driver.then(u"the error box"_s, [] { return shown<QMessageBox>() != nullptr; }, [&] {
        text = shown<QMessageBox>()->text();
        shown<QMessageBox>()->accept();
    });
    const int status = driver.run(request);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 1);
    QVERIFY2(text.startsWith(u"The inbox database could not be opened:\n"_s), qPrintable(text));
    QVERIFY(!shown<MainWindow>());
}

// A store with damaged pages (issue 26): the window checks it at start as `ns-inbox ingest` does,
// keeps the damaged file beside it, starts on a new one and says so in its notice, with where the
// damaged file is and what could not be recovered.
void TestWindowSession::aDamagedInboxIsSetAsideAndTold()
{
    QVERIFY(QDir().mkpath(QFileInfo(m_database).path()));
    const QString connection = Database::uniqueConnectionName(u"damage"_s);
    QList<int> leaves;
    int pageSize = 0;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_database, connection, &error);
        QVERIFY2(db.isValid(), qPrintable(error.text));
        QSqlQuery q(db);
        QVERIFY(q.exec(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 399)"
                       " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
                       " received_date) SELECT 'u' || i, 'subject ' || i, printf('%.300c', 'b'), i, 't', 0, i, 0 FROM n"_s));
        QVERIFY(q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
        QVERIFY(q.exec(u"PRAGMA page_size"_s) && q.next());
        pageSize = q.value(0).toInt();
        if (q.exec(u"SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf' ORDER BY pageno"_s)) {
            while (q.next())
                leaves.append(q.value(0).toInt());
        }
    }
    Database::close(connection);
    if (leaves.size() < 10)
        QSKIP("this SQLite has no dbstat table to find the pages with");
    {
        QFile file(m_database);
        QVERIFY(file.open(QIODevice::ReadWrite));
        for (int i = 1; i <= 3; ++i) {
            file.seek(static_cast<qint64>(leaves.at(i * leaves.size() / 4) - 1) * pageSize);
            file.write(QByteArray(pageSize, '\x5a'));
        }
    }

    LaunchRequest request = saslRequest();
    request.settings.securityProtocol = u"PLAINTEXT"_s;
    SessionDriver driver;
    QString notice;
    driver.then(u"the window telling the damage"_s, [] {
        const MainWindow *window = shown<MainWindow>();
        return window && window->noticeBar()->isVisible() && window->noticeBar()->text().contains(u"damaged"_s);
    }, [&] {
        notice = shown<MainWindow>()->noticeBar()->text();
        QApplication::exit(0);
    });
    const int status = driver.run(request);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(status, 0);
    const QStringList copies = QDir(QFileInfo(m_database).path()).entryList({u"inbox.sqlite.damaged-*"_s}, QDir::Files);
    QVERIFY2(!copies.isEmpty(), qPrintable(copies.join(u' ')));
    QVERIFY2(notice.contains(QFileInfo(m_database).path() + u'/' + copies.first()), qPrintable(notice));
    QVERIFY2(notice.contains(u"Not recovered"_s), qPrintable(notice));
    // The new store is sound (and empty until the ingest reads the broker again).
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_database, connection, &error);
        QVERIFY2(db.isValid(), qPrintable(error.text));
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA quick_check"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"ok"_s);
        QVERIFY(q.exec(u"SELECT count(*) FROM messages"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
    Database::close(connection);
}

QTEST_MAIN(TestWindowSession)
#include "tst_windowsession.moc"
