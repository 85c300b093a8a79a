// The translation chain, run under LANG=de_DE.UTF-8 and LANGUAGE=de (set by CTest, see CMakeLists.txt):
// Qt reads the language from the environment (no generated locale needed), the German .qm compiled into
// the binary and Qt's own German translations load, the main window speaks German, and the committed
// .ts file has a translation for every string, with the same placeholders.
#include "ComposeDialog.h"
#include "ConnectionProbe.h"
#include "ConnectionState.h"
#include "MainWindow.h"
#include "MessageListView.h"
#include "MessageListModel.h"
#include "MessageView.h"
#include "TestInbox.h"
#include "Translations.h"

#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QXmlStreamReader>

using namespace ns;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void systemLocaleIsGermanFromTheEnvironment();
    void installsOurAndQtsTranslations();
    void mainWindowSpeaksGerman();
    void committedTranslationIsComplete();
    void connectionTestSpeaksGerman();
    void composeSpeaksGerman();

private:
    QStringList m_loaded;
};

void TestTranslations::initTestCase()
{
    QCOMPARE(qgetenv("LANG"), QByteArray("de_DE.UTF-8"));
    // The same call as app/main.cpp.
    m_loaded = Translations::install(QLocale::system());
}

void TestTranslations::systemLocaleIsGermanFromTheEnvironment()
{
    QCOMPARE(QLocale::system().language(), QLocale::German);
    QVERIFY2(QLocale::system().uiLanguages().constFirst().startsWith(QLatin1String("de")),
             qPrintable(QLocale::system().uiLanguages().join(QLatin1Char(' '))));
}

void TestTranslations::installsOurAndQtsTranslations()
{
    QVERIFY2(m_loaded.contains(QStringLiteral(":/i18n/ns-inbox_de.qm")), qPrintable(m_loaded.join(QLatin1Char(' '))));
    QVERIFY2(std::any_of(m_loaded.cbegin(), m_loaded.cend(), [](const QString &f) { return f.endsWith(QLatin1String("/qtbase_de.qm")); }),
             "Qt's German translations did not load: packaging/install-deps.sh installs qt6-translations-l10n");
    // A string only Qt translates.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
}

void TestTranslations::mainWindowSpeaksGerman()
{
    TestInbox inbox; // A file: the window opens its own connections to it.
    QVERIFY(inbox.isValid());
    {
        MainWindow window(&inbox.store(), QStringLiteral("test"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QAbstractItemModel *model = window.messageList()->model();
        QCOMPARE(model->headerData(MessageListModel::SubjectColumn, Qt::Horizontal).toString(), QStringLiteral("Betreff"));
        QCOMPARE(model->headerData(MessageListModel::SenderColumn, Qt::Horizontal).toString(), QStringLiteral("Von"));
        QCOMPARE(model->headerData(MessageListModel::DateColumn, Qt::Horizontal).toString(), QStringLiteral("Datum"));

        QStringList menus;
        for (QAction *action : window.menuBar()->actions())
            menus.append(action->text());
        QVERIFY2(menus.contains(QStringLiteral("&Hilfe")), qPrintable(menus.join(QLatin1Char(' '))));

        QStringList labels;
        for (QLabel *label : window.findChildren<QLabel *>())
            labels.append(label->text());
        QVERIFY2(labels.contains(QStringLiteral("Keine Nachricht ausgewählt")), qPrintable(labels.join(QLatin1Char('|'))));
        QVERIFY2(labels.contains(QStringLiteral("Keine Nachricht ausgewählt")), qPrintable(labels.join(QLatin1Char('|'))));
    }
}

void TestTranslations::committedTranslationIsComplete()
{
    const QString path = qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/resources/translations/ns-inbox_de.ts");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QXmlStreamReader xml(&file);
    QString context, source;
    QStringList problems;
    int translated = 0;
    static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
    const auto placeholders = [](const QString &text) {
        QStringList found;
        for (auto it = placeholder.globalMatch(text); it.hasNext();)
            found.append(it.next().captured());
        found.sort();
        found.removeDuplicates(); // A plural has several forms, each with the placeholders.
        return found;
    };
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == QLatin1String("vanished") || type == QLatin1String("obsolete"))
                continue;
            if (type == QLatin1String("unfinished") || text.trimmed().isEmpty())
                problems.append(QStringLiteral("untranslated: %1 \"%2\"").arg(context, source));
            else if (placeholders(text) != placeholders(source))
                problems.append(QStringLiteral("placeholders differ: %1 \"%2\" -> \"%3\"").arg(context, source, text));
            else
                ++translated;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(translated > 20, "the .ts file holds too few strings: run packaging/update-translations.sh");
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// Issue 27: the connection test's results stayed English (its strings were looked up under another
// context than lupdate filed them in). A real probe against a port nobody listens on, in German.
void TestTranslations::connectionTestSpeaksGerman()
{
    ConnectionSettings settings;
    settings.bootstrapServers = QStringLiteral("127.0.0.1:1");
    settings.userUuid = QStringLiteral("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90");
    settings.securityProtocol = QStringLiteral("PLAINTEXT");
    ConnectionProbe probe;
    QSignalSpy finished(&probe, &ConnectionProbe::finished);
    probe.start(settings);
    QVERIFY(finished.wait(20'000));
    const auto report = finished.constFirst().constFirst().value<ProbeReport>();
    QStringList messages;
    for (const auto &step : report.steps)
        messages.append(ProbeReport::stepName(step.step) + QStringLiteral(": ") + step.message);
    const QString all = messages.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("Kein Server hat eine Verbindung angenommen")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("Nicht versucht")), qPrintable(all));
    for (const char *english : {"No server accepted", "Not tried", "Check the port", "earlier step"})
        QVERIFY2(!all.contains(QLatin1String(english)), qPrintable(all));
    QVERIFY2(!report.summary().contains(QLatin1String("failed")), qPrintable(report.summary()));

    // The states the connection indicator and its tooltip name.
    for (auto state : {ConnectionState::Connecting, ConnectionState::Connected, ConnectionState::BrokerUnreachable,
                       ConnectionState::BrokerNotResponding, ConnectionState::AuthenticationFailed, ConnectionState::TlsFailed,
                       ConnectionState::NotAuthorized, ConnectionState::TopicMissing, ConnectionState::StorageError})
        QVERIFY2(connectionStateText(state) != connectionStateName(state) || connectionStateName(state).startsWith(QLatin1String("TLS")),
                 qPrintable(connectionStateText(state)));
}

// Issue 27: compose's new texts (the question before discarding, what Send waits for) in German.
void TestTranslations::composeSpeaksGerman()
{
    ComposeDialog dialog(QStringLiteral("Ops"));
    QCOMPARE(dialog.sendHint()->text(), QStringLiteral("Zum Senden braucht es noch einen Empfänger, einen Betreff und einen Text."));
    dialog.subjectEdit()->setText(QStringLiteral("x"));
    dialog.reject();
    QVERIFY(dialog.discardQuestion());
    QCOMPARE(dialog.discardQuestion()->text(), QStringLiteral("Diese Nachricht verwerfen?"));
    QStringList buttons;
    for (QAbstractButton *b : dialog.discardQuestion()->buttons())
        buttons.append(b->text());
    QVERIFY2(buttons.contains(QStringLiteral("&Verwerfen")) && buttons.contains(QStringLiteral("&Weiter bearbeiten")), qPrintable(buttons.join(QLatin1Char('|'))));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
