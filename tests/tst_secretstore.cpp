// Secrets: the in-memory store, the real QtKeychain backend where no keychain service runs (as in CI:
// it must say Unavailable, quickly, and write nothing), and the password resolution order
// (environment, keychain, prompt) with what the app tells the user.
#include "KeychainSecretStore.h"
#include "MemorySecretStore.h"
#include "PasswordResolver.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

Q_DECLARE_METATYPE(ns::PasswordResolver::Source)

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void memoryStoreIsAsynchronous();
    void memoryStoreCanPretendToBeMissing();
    void keychainWithoutServiceIsUnavailableAndWritesNothing();
    void environmentWins();
    void keychainPasswordIsUsed();
    void nothingStoredAsksWithRemember();
    void noKeychainAsksEachSessionAndSaysSo();
    void rememberedPasswordGoesToTheStore();
    void rememberFailsWithoutKeychain();

private:
    QTemporaryDir m_root;
};

void TestSecretStore::initTestCase()
{
    qRegisterMetaType<ns::PasswordResolver::Source>();
    QVERIFY(m_root.isValid());
    // No session bus, no desktop: as in CI. A temp HOME catches any file a backend might write.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("XDG_CURRENT_DESKTOP");
    qunsetenv("DESKTOP_SESSION");
    qputenv("HOME", m_root.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", m_root.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_root.filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_RUNTIME_DIR", m_root.filePath(QStringLiteral("run")).toUtf8());
}

void TestSecretStore::init()
{
    qunsetenv(PasswordResolver::EnvironmentVariable);
}

void TestSecretStore::memoryStoreIsAsynchronous()
{
    MemorySecretStore store;
    bool written = false;
    store.write(QStringLiteral("k"), QStringLiteral("v"), this, [&](const SecretStore::Result &r) {
        QCOMPARE(r.status, SecretStore::Status::Ok);
        written = true;
    });
    QVERIFY(!written); // Never synchronous: callers must not depend on it.
    QTRY_VERIFY(written);
    SecretStore::Result read;
    store.read(QStringLiteral("k"), this, [&](const SecretStore::Result &r) { read = r; });
    QTRY_COMPARE(read.status, SecretStore::Status::Ok);
    QCOMPARE(read.secret, QStringLiteral("v"));
    SecretStore::Result missing;
    store.read(QStringLiteral("other"), this, [&](const SecretStore::Result &r) { missing = r; });
    QTRY_COMPARE(missing.status, SecretStore::Status::NotFound);

    // A destroyed context cancels the callback.
    bool called = false;
    auto *context = new QObject;
    store.read(QStringLiteral("k"), context, [&](const SecretStore::Result &) { called = true; });
    delete context;
    // Answers come in the order asked: once a later one has arrived, the cancelled one is past.
    bool later = false;
    store.read(QStringLiteral("k"), this, [&](const SecretStore::Result &) { later = true; });
    QTRY_VERIFY(later);
    QVERIFY(!called);
}

void TestSecretStore::memoryStoreCanPretendToBeMissing()
{
    MemorySecretStore store;
    store.setAvailable(false);
    std::optional<SecretStore::Result> r; // Unavailable is also a Result's default: wait for the real one.
    store.write(QStringLiteral("k"), QStringLiteral("v"), this, [&](const SecretStore::Result &x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QCOMPARE(r->status, SecretStore::Status::Unavailable);
    QVERIFY(store.contents().isEmpty());
}

void TestSecretStore::keychainWithoutServiceIsUnavailableAndWritesNothing()
{
    const QString secret = QStringLiteral("keychain-test-Secret-%1").arg(QCoreApplication::applicationPid());
    KeychainSecretStore store(QStringLiteral("ns-inbox-test"));
    std::optional<SecretStore::Result> written, read;
    store.write(QStringLiteral("sasl:alice@k:9092"), secret, this, [&](const SecretStore::Result &r) { written = r; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 30'000);
    QCOMPARE(written->status, SecretStore::Status::Unavailable);
    QVERIFY(!written->error.isEmpty());
    store.read(QStringLiteral("sasl:alice@k:9092"), this, [&](const SecretStore::Result &r) { read = r; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30'000);
    QCOMPARE(read->status, SecretStore::Status::Unavailable);
    QVERIFY(read->secret.isEmpty());

    // No insecure fallback: nothing anywhere under HOME holds the secret.
    QDirIterator it(m_root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
    }
}

void TestSecretStore::environmentWins()
{
    qputenv(PasswordResolver::EnvironmentVariable, "from-env");
    MemorySecretStore store;
    bool stored = false;
    store.write(QStringLiteral("k"), QStringLiteral("from-keychain"), this, [&](const SecretStore::Result &) { stored = true; });
    QTRY_VERIFY(stored);
    PasswordResolver resolver(&store);
    QSignalSpy resolved(&resolver, &PasswordResolver::resolved);
    QSignalSpy needed(&resolver, &PasswordResolver::passwordNeeded);
    resolver.resolve(QStringLiteral("k"));
    QTRY_COMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(0).toString(), QStringLiteral("from-env"));
    QCOMPARE(resolved.at(0).at(1).value<PasswordResolver::Source>(), PasswordResolver::Source::Environment);
    QVERIFY(PasswordResolver::describe(PasswordResolver::Source::Environment).contains(QLatin1String("NS_INBOX_SASL_PASSWORD")));
    QCOMPARE(needed.size(), 0);
}

void TestSecretStore::keychainPasswordIsUsed()
{
    MemorySecretStore store;
    bool stored = false;
    store.write(QStringLiteral("k"), QStringLiteral("from-keychain"), this, [&](const SecretStore::Result &) { stored = true; });
    QTRY_VERIFY(stored);
    PasswordResolver resolver(&store);
    QSignalSpy resolved(&resolver, &PasswordResolver::resolved);
    resolver.resolve(QStringLiteral("k"));
    QTRY_COMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(0).toString(), QStringLiteral("from-keychain"));
    QCOMPARE(resolved.at(0).at(1).value<PasswordResolver::Source>(), PasswordResolver::Source::Keychain);
}

void TestSecretStore::nothingStoredAsksWithRemember()
{
    MemorySecretStore store;
    PasswordResolver resolver(&store);
    QSignalSpy needed(&resolver, &PasswordResolver::passwordNeeded);
    resolver.resolve(QStringLiteral("k"));
    QTRY_COMPARE(needed.size(), 1);
    QCOMPARE(needed.at(0).at(0).toBool(), true);
}

void TestSecretStore::noKeychainAsksEachSessionAndSaysSo()
{
    KeychainSecretStore store(QStringLiteral("ns-inbox-test"));
    PasswordResolver resolver(&store);
    QSignalSpy needed(&resolver, &PasswordResolver::passwordNeeded);
    resolver.resolve(QStringLiteral("k"));
    QTRY_COMPARE_WITH_TIMEOUT(needed.size(), 1, 30'000);
    QCOMPARE(needed.at(0).at(0).toBool(), false); // Nothing to remember it in: no "remember" offered.
    const QString reason = needed.at(0).at(1).toString();
    QCOMPARE(reason, PasswordResolver::noKeychainNotice());
    QVERIFY(reason.contains(QLatin1String("once per session")));
    QVERIFY(reason.contains(QLatin1String("NS_INBOX_SASL_PASSWORD")));
}

void TestSecretStore::rememberedPasswordGoesToTheStore()
{
    MemorySecretStore store;
    PasswordResolver resolver(&store);
    QSignalSpy resolved(&resolver, &PasswordResolver::resolved);
    QSignalSpy notRemembered(&resolver, &PasswordResolver::notRemembered);
    QSignalSpy needed(&resolver, &PasswordResolver::passwordNeeded);
    resolver.resolve(QStringLiteral("k"));
    QTRY_COMPARE(needed.size(), 1); // The prompt would open now.
    resolver.provide(QStringLiteral("typed"), true);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(1).value<PasswordResolver::Source>(), PasswordResolver::Source::Prompt);
    QTRY_COMPARE(store.contents().value(QStringLiteral("k")), QStringLiteral("typed"));
    QCOMPARE(notRemembered.size(), 0);
}

void TestSecretStore::rememberFailsWithoutKeychain()
{
    MemorySecretStore store;
    store.setAvailable(false);
    PasswordResolver resolver(&store);
    QSignalSpy notRemembered(&resolver, &PasswordResolver::notRemembered);
    QSignalSpy needed(&resolver, &PasswordResolver::passwordNeeded);
    resolver.resolve(QStringLiteral("k"));
    QTRY_COMPARE(needed.size(), 1); // The prompt would open now.
    resolver.provide(QStringLiteral("typed"), true);
    QTRY_COMPARE(notRemembered.size(), 1);
    QCOMPARE(notRemembered.at(0).at(0).toString(), PasswordResolver::noKeychainNotice());
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
