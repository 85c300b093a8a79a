// Accelerators (&X), in English and in every translation the binary ships (each :/i18n/ns-inbox_*.qm):
// no two items of one menu of the main window, and no two controls of one dialog, share a letter. Alt+letter
// (or the letter in an open menu) would reach only the first of them (issue 27: "Datei" had two "e",
// the English Message menu two "S").
#include "ComposeActions.h"
#include "ComposeDialog.h"
#include "FakeProducer.h"
#include "MainWindow.h"
#include "InboxActions.h"
#include "OutboxModel.h"
#include "OutboxService.h"
#include "PasswordPrompt.h"
#include "ProfileSettings.h"
#include "RejectedMessagesDialog.h"
#include "SentDialog.h"
#include "SettingsDialog.h"
#include "SnoozeDialog.h"
#include "TestInbox.h"
#include "WelcomePage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabBar>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace ns;

namespace {

// The accelerator letter of a text ("&&" is a literal ampersand), lower-case; null when none.
QChar accelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// "where: 'x' in "A", "B"" for every letter used more than once among `texts`.
QStringList duplicates(const QString &where, const QStringList &texts)
{
    QMultiHash<QChar, QString> byLetter;
    for (const QString &text : texts) {
        if (const QChar letter = accelerator(text); !letter.isNull())
            byLetter.insert(letter, text);
    }
    QStringList found;
    for (const QChar letter : byLetter.uniqueKeys()) {
        QStringList users = byLetter.values(letter);
        if (users.size() < 2)
            continue;
        users.sort();
        found.append(QStringLiteral("%1: '%2' in \"%3\"").arg(where, letter, users.join(QStringLiteral("\", \""))));
    }
    return found;
}

// Every menu reachable from the menu bar (submenus too), each checked on its own.
void checkMenu(QMenu *menu, const QString &path, QStringList *problems)
{
    QStringList texts;
    for (QAction *action : menu->actions()) {
        if (!action->isVisible() || action->isSeparator())
            continue;
        texts.append(action->text());
        if (action->menu())
            checkMenu(action->menu(), path + QStringLiteral(" > ") + action->text(), problems);
    }
    problems->append(duplicates(path, texts));
}

// The texts of a dialog's controls that can carry an accelerator: buttons, group boxes, tabs, and
// labels with a buddy (a label without one shows its '&' and reaches nothing).
QStringList acceleratorTexts(QWidget *dialog)
{
    QStringList texts;
    for (QWidget *w : dialog->findChildren<QWidget *>()) {
        if (!w->isVisibleTo(dialog) || w->window() != dialog)
            continue;
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            texts.append(button->text());
        else if (auto *label = qobject_cast<QLabel *>(w); label && label->buddy())
            texts.append(label->text());
        else if (auto *group = qobject_cast<QGroupBox *>(w))
            texts.append(group->title());
        else if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                texts.append(tabs->tabText(i));
        }
    }
    return texts;
}

} // namespace

class TestAccelerators : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void menusOfTheMainWindow_data() { languages(); }
    void menusOfTheMainWindow();
    void dialogs_data() { languages(); }
    void dialogs();
    void findsADuplicate();

private:
    void languages();
    void install(const QString &language);

    QStringList m_languages;
    std::vector<std::unique_ptr<QTranslator>> m_translators;
};

void TestAccelerators::initTestCase()
{
    m_languages = {QStringLiteral("en")};
    for (const QString &file : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("ns-inbox_*.qm")}))
        m_languages.append(file.mid(9, file.size() - 9 - 3));
    QVERIFY2(m_languages.contains(QStringLiteral("de")), qPrintable(m_languages.join(QLatin1Char(' '))));
}

void TestAccelerators::languages()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : std::as_const(m_languages))
        QTest::newRow(qPrintable(language)) << language;
}

// Ours and Qt's, as Translations::install() loads them (Qt's give the standard buttons' texts).
void TestAccelerators::install(const QString &language)
{
    if (language == QLatin1String("en"))
        return;
    for (const QString &file : {QStringLiteral(":/i18n/ns-inbox_%1.qm").arg(language),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_%1.qm").arg(language)}) {
        auto translator = std::make_unique<QTranslator>();
        if (translator->load(file) && QCoreApplication::installTranslator(translator.get()))
            m_translators.push_back(std::move(translator));
        else
            QVERIFY2(!file.startsWith(QLatin1Char(':')), qPrintable(file)); // Qt's may be missing; ours not.
    }
}

void TestAccelerators::cleanup()
{
    for (const auto &translator : m_translators)
        QCoreApplication::removeTranslator(translator.get());
    m_translators.clear();
}

// The menu bar as the app builds it, with the administrator's Message items (the most crowded).
void TestAccelerators::menusOfTheMainWindow()
{
    QFETCH(QString, language);
    install(language);
    TestInbox inbox;
    QVERIFY(inbox.isValid());
    MainWindow window(&inbox.store(), QStringLiteral("test"));
    auto kafka = std::make_shared<test::FakeKafka>();
    OutboxService outbox(inbox.path(), [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    auto *compose = new ComposeActions(&outbox, inbox.database(), QStringLiteral("Ops"), &window);
    compose->install(window.menuBar(), true, window.actions()->open);

    QStringList problems, titles;
    int menus = 0;
    for (QAction *top : window.menuBar()->actions()) {
        if (!top->isVisible() || !top->menu())
            continue;
        titles.append(top->text());
        checkMenu(top->menu(), top->text(), &problems);
        ++menus;
    }
    problems.append(duplicates(QStringLiteral("menu bar"), titles));
    QVERIFY2(menus >= 4, qPrintable(titles.join(QLatin1Char(' '))));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestAccelerators::dialogs()
{
    QFETCH(QString, language);
    install(language);
    TestInbox inbox;
    QVERIFY(inbox.isValid());
    OutboxModel outboxModel;
    std::vector<std::unique_ptr<QWidget>> dialogs;
    dialogs.push_back(std::make_unique<ComposeDialog>(QStringLiteral("Ops")));
    dialogs.push_back(std::make_unique<SettingsDialog>(ProfileSettings{}, nullptr, nullptr));
    dialogs.push_back(std::make_unique<SnoozeDialog>(QDateTime::currentDateTime().addDays(1)));
    dialogs.push_back(std::make_unique<SentDialog>(&outboxModel));
    dialogs.push_back(std::make_unique<RejectedMessagesDialog>(&inbox.store()));
    dialogs.push_back(std::make_unique<PasswordPrompt>(QStringLiteral("alice"), true, QStringLiteral("test")));
    dialogs.push_back(std::make_unique<WelcomePage>());
    // Compose's question before discarding a filled-in message.
    auto *compose = static_cast<ComposeDialog *>(dialogs.front().get());
    compose->subjectEdit()->setText(QStringLiteral("x"));
    compose->reject();
    QVERIFY(compose->discardQuestion());

    QStringList problems;
    int checked = 0;
    for (const auto &dialog : dialogs) {
        const QStringList texts = acceleratorTexts(dialog.get());
        checked += static_cast<int>(texts.size());
        problems.append(duplicates(QString::fromLatin1(dialog->metaObject()->className()), texts));
    }
    const QStringList question = acceleratorTexts(compose->discardQuestion());
    QVERIFY2(question.size() >= 2, qPrintable(question.join(QLatin1Char('|'))));
    problems.append(duplicates(QStringLiteral("discard question"), question));
    QVERIFY2(checked > 20, "too few controls found: the walk is broken");
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// The check itself can fail: two "&S" in one list are found, "&&" is not an accelerator.
void TestAccelerators::findsADuplicate()
{
    QCOMPARE(accelerator(QStringLiteral("Save && &Quit")), QLatin1Char('q'));
    QCOMPARE(accelerator(QStringLiteral("Tom && Jerry")), QChar());
    const QStringList found = duplicates(QStringLiteral("Message"), {QStringLiteral("&Sent Messages…"), QStringLiteral("&Snooze"),
                                                                      QStringLiteral("&Archive")});
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.constFirst().contains(QLatin1String("'s'")), qPrintable(found.constFirst()));
}

QTEST_MAIN(TestAccelerators)
#include "tst_accelerators.moc"
