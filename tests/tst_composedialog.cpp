// The compose dialog, offscreen: every invalid field keeps Send disabled, shows its error and
// sends nothing; a valid draft goes to the outbox once, with a preview of what recipients see.
#include "ComposeActions.h"
#include "ComposeDialog.h"
#include "MessageView.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "FakeProducer.h"
#include "TestInbox.h"
#include "AddressBook.h"
#include "OutboxModel.h"
#include "PeopleCsv.h"
#include "RecipientPicker.h"
#include "SentDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QMutexLocker>
#include <QTableView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace ns;
using Field = ComposeDialog::Field;

Q_DECLARE_METATYPE(ns::ComposeDialog::Field)

namespace {

const QString Alice = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Bob = QStringLiteral("22222222-2222-4222-8222-222222222222");

MessageDraft validDraft()
{
    MessageDraft d;
    d.recipients = Alice;
    d.subject = QStringLiteral("Maintenance tonight");
    d.body = QStringLiteral("The service is down from 22:00 to 23:00.");
    d.referenceUrl = QStringLiteral("https://status.example.com/maintenance");
    return d;
}

// What the user sees in a MessageView: the texts of its labels and its body.
QStringList shownTexts(MessageView *view)
{
    QStringList texts;
    for (QLabel *label : view->findChildren<QLabel *>()) {
        if (label->isVisibleTo(view))
            texts.append(label->text());
    }
    for (QPlainTextEdit *edit : view->findChildren<QPlainTextEdit *>())
        texts.append(edit->toPlainText());
    return texts;
}

} // namespace

class TestComposeDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void freshDialogCannotSendAndShowsNoErrors();
    void tabFollowsTheVisualOrder();
    void opensWithFocusInTo();
    void filledInMessageIsDiscardedOnlyAfterAsking();
    void errorsDoNotMoveTheFieldsBelow();
    void greyedSendSaysWhy();
    void previewOfAnUnsentMessage();
    void invalidFieldKeepsSendDisabled_data();
    void invalidFieldKeepsSendDisabled();
    void recipientsAreParsedAndDeduplicated();
    void subjectCounterCountsCodePoints();
    void previewShowsWhatTheRecipientSees();
    void validDraftIsSentOnceThroughTheOutbox();
    void sendingHeldUpIsToldOnceAndItsEnd();
    void namesAndGroupsCompleteAndExpand();
    void placeholdersAreCheckedThenFilledPerRecipient();
    void sendLaterThenCancelFromTheSentView();
    void sendAgainAndEditAsNew();

private:
    qint64 outboxRows();
    /// Ada (Notary), Bob (no department), both in the group Notaries.
    void fillBook();

    std::unique_ptr<TestInbox> m_inbox; ///< A fresh inbox (its outbox table) per test.
    std::shared_ptr<test::FakeKafka> m_kafka;
    std::unique_ptr<QMainWindow> m_window;
    std::unique_ptr<OutboxService> m_outbox;
    ComposeActions *m_actions = nullptr;
};

void TestComposeDialog::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    m_kafka = std::make_shared<test::FakeKafka>();
    m_kafka->databasePath = m_inbox->path();
    auto kafka = m_kafka;
    m_outbox = std::make_unique<OutboxService>(m_inbox->path(), [kafka](QString *) { return std::make_unique<test::FakeProducer>(kafka); });
    m_window = std::make_unique<QMainWindow>();
    // Wired exactly as the app wires it.
    m_actions = new ComposeActions(m_outbox.get(), m_inbox->database(), QStringLiteral("Ops Team"), m_window.get());
    m_actions->install(m_window->menuBar(), true);
    m_outbox->start();
}

void TestComposeDialog::cleanup()
{
    m_outbox->stop();
    m_window.reset();
    m_outbox.reset();
    m_inbox.reset();
}

qint64 TestComposeDialog::outboxRows()
{
    QSqlQuery q(m_inbox->database());
    return q.exec(QStringLiteral("SELECT count(*) FROM outbox")) && q.next() ? q.value(0).toLongLong() : -1;
}

// Tab walks the dialog as it is shown (issue 23): the template row, the people picker, then
// recipients, subject, text, link, active and send later, the preview beside them, the buttons last.
void TestComposeDialog::tabFollowsTheVisualOrder()
{
    ComposeDialog *dialog = m_actions->newMessage();
    dialog->setDraft(validDraft()); // Send enabled: in the chain.
    dialog->show();
    QApplication::setActiveWindow(dialog);
    QVERIFY(QTest::qWaitForWindowActive(dialog));
    dialog->templateBox()->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(dialog->templateBox()));
    QList<QWidget *> order{QApplication::focusWidget()};
    for (int i = 0; i < 40; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *now = QApplication::focusWidget();
        if (now == order.constFirst())
            break; // Round the whole dialog.
        order.append(now);
    }
    QPushButton *cancel = nullptr;
    for (QPushButton *b : dialog->findChildren<QPushButton *>()) {
        if (b != dialog->sendButton() && b != dialog->saveTemplateButton())
            cancel = b;
    }
    QVERIFY(cancel);
    const QList<QWidget *> expected{dialog->templateBox(), dialog->saveTemplateButton(), dialog->recipientPicker()->searchEdit(),
                                    dialog->recipientsEdit(), dialog->subjectEdit(), dialog->bodyEdit(), dialog->urlEdit(),
                                    dialog->activeCheck(), dialog->sendLaterCheck()};
    QStringList seen;
    for (QWidget *w : std::as_const(order))
        seen << QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()), w->accessibleName());
    const QString walk = seen.join(QStringLiteral(" > "));
    qsizetype last = -1;
    for (QWidget *w : expected) {
        const qsizetype at = order.indexOf(w);
        QVERIFY2(at > last, qPrintable(QStringLiteral("%1 out of order in: %2").arg(QString::fromLatin1(w->metaObject()->className()), walk)));
        last = at;
    }
    // The buttons close the round: nothing comes after them.
    const qsizetype send = order.indexOf(dialog->sendButton()), cancelAt = order.indexOf(cancel);
    QVERIFY2(send > last && cancelAt > last, qPrintable(walk));
    QVERIFY2(std::max(send, cancelAt) == order.size() - 1 && std::min(send, cancelAt) == order.size() - 2, qPrintable(walk));
    // Issue 27: Link, then Active at once (not after Cancel), then Send later.
    QCOMPARE(order.indexOf(dialog->activeCheck()), order.indexOf(dialog->urlEdit()) + 1);
    QCOMPARE(order.indexOf(dialog->sendLaterCheck()), order.indexOf(dialog->activeCheck()) + 1);
    dialog->done(QDialog::Rejected);
}

namespace {

ComposeDialog *shownDialog(ComposeDialog *dialog)
{
    dialog->show();
    QApplication::setActiveWindow(dialog);
    if (!QTest::qWaitForWindowActive(dialog))
        return nullptr;
    return dialog;
}

QPushButton *buttonLabelled(QWidget *parent, const QString &text)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->text().remove(QLatin1Char('&')) == text)
            return b;
    }
    return nullptr;
}

} // namespace

// Issue 27: the first keystrokes of a new message go to "To", not nowhere.
void TestComposeDialog::opensWithFocusInTo()
{
    ComposeDialog *dialog = shownDialog(m_actions->newMessage());
    QVERIFY(dialog);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(dialog->recipientPicker()->searchEdit()));
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Ada"));
    QCOMPARE(dialog->recipientPicker()->searchEdit()->text(), QStringLiteral("Ada"));
    dialog->done(QDialog::Rejected);
}

// Issue 27: Esc, Cancel or closing the window on a filled-in message asks first; Keep Editing
// keeps every word, Discard closes; an empty form closes without a question.
void TestComposeDialog::filledInMessageIsDiscardedOnlyAfterAsking()
{
    {
        QPointer<ComposeDialog> empty = shownDialog(m_actions->newMessage());
        QVERIFY(empty);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(!empty || !empty->isVisible());
        QVERIFY(!m_window->findChild<QMessageBox *>());
    }
    QPointer<ComposeDialog> dialog = shownDialog(m_actions->newMessage());
    QVERIFY(dialog);
    dialog->subjectEdit()->setFocus();
    QTest::keyClicks(dialog->subjectEdit(), QStringLiteral("Half a thought"));

    // Esc: asked, and Keep Editing keeps it all.
    QTest::keyClick(dialog->subjectEdit(), Qt::Key_Escape);
    QTRY_VERIFY(dialog->discardQuestion() && dialog->discardQuestion()->isVisible());
    QVERIFY(dialog->isVisible());
    QPointer<QMessageBox> question = dialog->discardQuestion();
    QPushButton *keep = buttonLabelled(question, QStringLiteral("Keep Editing"));
    QVERIFY(keep);
    QCOMPARE(question->defaultButton(), keep); // Enter does the harmless thing.
    QTest::mouseClick(keep, Qt::LeftButton);
    QTRY_VERIFY(!question);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->subjectEdit()->text(), QStringLiteral("Half a thought"));

    // The window's close button asks too.
    dialog->close();
    QTRY_VERIFY(dialog->discardQuestion() && dialog->discardQuestion()->isVisible());
    QVERIFY(dialog->isVisible());
    QTest::mouseClick(buttonLabelled(dialog->discardQuestion(), QStringLiteral("Keep Editing")), Qt::LeftButton);
    QTRY_VERIFY(!dialog->discardQuestion());

    // Cancel, then Discard: gone, nothing sent.
    QSignalSpy sent(dialog.data(), &ComposeDialog::sendRequested);
    QPushButton *cancel = buttonLabelled(dialog, QStringLiteral("Cancel"));
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY(dialog->discardQuestion());
    QPushButton *discard = buttonLabelled(dialog->discardQuestion(), QStringLiteral("Discard"));
    QVERIFY(discard);
    QTest::mouseClick(discard, Qt::LeftButton);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    QCOMPARE(sent.size(), 0);
    QCOMPARE(outboxRows(), 0);
}

// Issue 27: an error line appearing while typing does not push the fields below it: a click
// aimed at Subject lands in Subject.
void TestComposeDialog::errorsDoNotMoveTheFieldsBelow()
{
    ComposeDialog *dialog = shownDialog(m_actions->newMessage());
    QVERIFY(dialog);
    QTest::qWait(0);
    const auto positions = [dialog] {
        QList<QRect> at;
        for (QWidget *w : QList<QWidget *>{dialog->subjectEdit(), dialog->bodyEdit(), dialog->urlEdit(), dialog->activeCheck()})
            at.append(QRect(w->mapTo(dialog, QPoint(0, 0)), w->size()));
        return at;
    };
    const QList<QRect> before = positions();
    QTest::keyClicks(dialog->recipientsEdit(), QStringLiteral("not-a-uuid"));
    QTest::keyClicks(dialog->subjectEdit(), QStringLiteral("x"));
    QTest::keyClick(dialog->subjectEdit(), Qt::Key_Backspace); // Touched and empty: "required".
    QTest::keyClicks(dialog->urlEdit(), QStringLiteral("javascript:alert(1)"));
    QVERIFY(dialog->errorLabel(Field::Recipients)->isVisible());
    QVERIFY(dialog->errorLabel(Field::Subject)->isVisible());
    QVERIFY(dialog->errorLabel(Field::ReferenceUrl)->isVisible());
    QApplication::processEvents(); // Any relayout the errors cause happens now.
    QCOMPARE(positions(), before);
    dialog->done(QDialog::Rejected);
}

// Issue 27: Send is greyed on a fresh form, and says why (beside it and in its tooltip) before
// anything was typed; it names what is left as fields are filled, and says nothing when ready.
void TestComposeDialog::greyedSendSaysWhy()
{
    ComposeDialog *dialog = shownDialog(m_actions->newMessage());
    QVERIFY(dialog);
    QVERIFY(!dialog->sendButton()->isEnabled());
    QVERIFY(dialog->sendHint()->isVisible());
    const QString fresh = dialog->sendHint()->text();
    for (const char *needed : {"recipient", "subject", "text"})
        QVERIFY2(fresh.contains(QLatin1String(needed)), qPrintable(fresh));
    QCOMPARE(dialog->sendButton()->toolTip(), fresh);

    MessageDraft d = validDraft();
    d.subject.clear();
    dialog->setDraft(d);
    QCOMPARE(dialog->sendHint()->text(), QStringLiteral("Send needs a subject."));
    QVERIFY(!dialog->errorLabel(Field::Subject)->isVisible() || dialog->errorLabel(Field::Subject)->text().contains(QLatin1String("subject")));

    dialog->setDraft(validDraft());
    QVERIFY(dialog->sendButton()->isEnabled());
    QVERIFY(!dialog->sendHint()->isVisible());
    QVERIFY(dialog->sendButton()->toolTip().isEmpty());
    dialog->done(QDialog::Rejected);
}

// Issue 27: the preview of a message not sent yet has no Kafka line ("topic , partition -1,
// offset -1"), and no Open button for a link the reader would refuse.
void TestComposeDialog::previewOfAnUnsentMessage()
{
    ComposeDialog *dialog = shownDialog(m_actions->newMessage());
    QVERIFY(dialog);
    dialog->setDraft(validDraft());
    const QStringList texts = shownTexts(dialog->preview());
    QVERIFY2(std::none_of(texts.cbegin(), texts.cend(), [](const QString &t) { return t.contains(QLatin1String("partition")) || t.contains(QLatin1String("-1")); }),
             qPrintable(texts.join(QLatin1Char('|'))));
    QPushButton *open = dialog->preview()->findChild<QPushButton *>();
    QVERIFY(open);
    QVERIFY(open->isVisible());
    QVERIFY(open->isEnabled());

    dialog->urlEdit()->setText(QStringLiteral("javascript:alert(1)"));
    QVERIFY(!open->isEnabled());
    const QStringList refused = shownTexts(dialog->preview());
    QVERIFY2(std::any_of(refused.cbegin(), refused.cend(), [](const QString &t) { return t.contains(QLatin1String("will not be opened")); }),
             qPrintable(refused.join(QLatin1Char('|'))));
    dialog->urlEdit()->setText(QStringLiteral("https://status.example.com/"));
    QVERIFY(open->isEnabled());
    dialog->done(QDialog::Rejected);
}

void TestComposeDialog::freshDialogCannotSendAndShowsNoErrors()
{
    ComposeDialog *dialog = m_actions->newMessage();
    QVERIFY(!dialog->sendButton()->isEnabled());
    for (Field f : {Field::Recipients, Field::Subject, Field::Body, Field::ReferenceUrl})
        QVERIFY(!dialog->errorLabel(f)->isVisible());
    QVERIFY(dialog->activeCheck()->isChecked());
    dialog->close();
}

void TestComposeDialog::invalidFieldKeepsSendDisabled_data()
{
    QTest::addColumn<Field>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");

    QTest::newRow("bad UUID") << Field::Recipients << QStringLiteral("%1, not-a-uuid").arg(Alice) << QStringLiteral("not-a-uuid");
    QTest::newRow("UUID with braces") << Field::Recipients << QStringLiteral("{%1}").arg(Alice) << QStringLiteral("Not a user UUID");
    QTest::newRow("no recipient") << Field::Recipients << QStringLiteral(" , \n") << QStringLiteral("at least one recipient");
    QTest::newRow("empty subject") << Field::Subject << QString() << QStringLiteral("subject is required");
    QTest::newRow("blank subject") << Field::Subject << QStringLiteral("   ") << QStringLiteral("subject is required");
    QTest::newRow("256-character subject") << Field::Subject << QString(256, QLatin1Char('x')) << QStringLiteral("256 characters");
    QTest::newRow("256 emoji subject") << Field::Subject << QString::fromUtf8("\xF0\x9F\x9A\x86").repeated(256) << QStringLiteral("256 characters");
    QTest::newRow("empty body") << Field::Body << QString() << QStringLiteral("text is required");
    QTest::newRow("javascript: URL") << Field::ReferenceUrl << QStringLiteral("javascript:alert(1)") << QStringLiteral("http and https");
    QTest::newRow("ftp: URL") << Field::ReferenceUrl << QStringLiteral("ftp://files.example.com/a") << QStringLiteral("http and https");
    QTest::newRow("file: URL") << Field::ReferenceUrl << QStringLiteral("file:///etc/passwd") << QStringLiteral("http and https");
    QTest::newRow("no host") << Field::ReferenceUrl << QStringLiteral("https://") << QString();
    QTest::newRow("relative URL") << Field::ReferenceUrl << QStringLiteral("/messages/1") << QStringLiteral("not a valid web address");
    QTest::newRow("user info") << Field::ReferenceUrl << QStringLiteral("https://bank.example@evil.example/") << QStringLiteral("user name");
    QTest::newRow("URL too long") << Field::ReferenceUrl << QStringLiteral("https://example.com/") + QString(181, QLatin1Char('a'))
                                  << QStringLiteral("longer than 200");
}

void TestComposeDialog::invalidFieldKeepsSendDisabled()
{
    QFETCH(Field, field);
    QFETCH(QString, value);
    QFETCH(QString, error);

    ComposeDialog *dialog = m_actions->newMessage();
    QSignalSpy requested(dialog, &ComposeDialog::sendRequested);
    dialog->setDraft(validDraft());
    QVERIFY(dialog->sendButton()->isEnabled());

    // Typed, as a user would: clear the field, then enter the bad value key by key or by paste.
    switch (field) {
    case Field::Recipients: dialog->recipientsEdit()->setPlainText(value); break;
    case Field::Subject:
        dialog->subjectEdit()->clear();
        // Key events carry one UTF-16 unit each: paste what keys cannot type (emoji).
        if (std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.isSurrogate(); }))
            dialog->subjectEdit()->setText(value);
        else
            QTest::keyClicks(dialog->subjectEdit(), value);
        break;
    case Field::Body: dialog->bodyEdit()->clear(); break;
    case Field::ReferenceUrl:
        dialog->urlEdit()->clear();
        QTest::keyClicks(dialog->urlEdit(), value);
        break;
    }
    QVERIFY(!dialog->sendButton()->isEnabled());
    QLabel *label = dialog->errorLabel(field);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(error, Qt::CaseInsensitive), qPrintable(label->text()));
    // Only the broken field complains.
    for (Field other : {Field::Recipients, Field::Subject, Field::Body, Field::ReferenceUrl}) {
        if (other != field)
            QVERIFY2(!dialog->errorLabel(other)->isVisible(), qPrintable(dialog->errorLabel(other)->text()));
    }

    // Every way to send: click, Enter on the default button, a direct call. None gets through.
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QTest::keyClick(dialog->subjectEdit(), Qt::Key_Return);
    dialog->send();
    QCOMPARE(requested.size(), 0);
    QVERIFY(dialog->isVisible());

    // Then a valid message through the same outbox: the worker handles calls in order, so when
    // its row is there, anything sent before it would be there too.
    MessageDraft good = validDraft();
    good.recipients = Bob;
    dialog->setDraft(good);
    QVERIFY(dialog->sendButton()->isEnabled());
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QTRY_COMPARE(m_kafka->producedTo(Bob), 1);
    QCOMPARE(outboxRows(), 1);
    QCOMPARE(m_kafka->producedTotal(), 1);
}

void TestComposeDialog::recipientsAreParsedAndDeduplicated()
{
    ComposeDialog *dialog = m_actions->newMessage();
    dialog->setDraft(validDraft());
    dialog->recipientsEdit()->setPlainText(QStringLiteral("%1,\n%2  %3;%4\n").arg(Alice, Bob, Alice.toUpper(), Alice));
    QCOMPARE(dialog->recipients(), (QStringList{Alice, Bob}));
    QVERIFY(dialog->recipientSummary()->text().contains(QLatin1String("2 recipient")));
    QVERIFY(dialog->recipientSummary()->text().contains(QLatin1String("2 duplicate")));
    QVERIFY(dialog->sendButton()->isEnabled());
    QVERIFY(!dialog->errorLabel(Field::Recipients)->isVisible());
    dialog->close();
}

void TestComposeDialog::subjectCounterCountsCodePoints()
{
    ComposeDialog *dialog = m_actions->newMessage();
    dialog->setDraft(validDraft());
    // 255 emoji are 510 UTF-16 units but 255 characters for Python and the seed's database.
    dialog->subjectEdit()->setText(QString::fromUtf8("\xF0\x9F\x98\x80").repeated(255));
    QCOMPARE(dialog->subjectCounter()->text(), QStringLiteral("255/255"));
    QVERIFY(dialog->sendButton()->isEnabled());
    dialog->subjectEdit()->setText(QString(256, QLatin1Char('y')));
    QCOMPARE(dialog->subjectCounter()->text(), QStringLiteral("256/255"));
    QVERIFY(!dialog->sendButton()->isEnabled());
    dialog->close();
}

void TestComposeDialog::previewShowsWhatTheRecipientSees()
{
    ComposeDialog *dialog = m_actions->newMessage();
    MessageDraft d = validDraft();
    d.subject = QString::fromUtf8("Gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x9A\x86");
    d.body = QStringLiteral("Line one\nLine two");
    dialog->setDraft(d);
    const QStringList texts = shownTexts(dialog->preview());
    QVERIFY2(texts.contains(d.subject), qPrintable(texts.join(QLatin1Char('|'))));
    QVERIFY(texts.contains(d.body));
    QVERIFY(std::any_of(texts.cbegin(), texts.cend(), [](const QString &t) { return t.contains(QLatin1String("status.example.com")); }));
    QVERIFY(dialog->preview()->hasReference());
    QCOMPARE(dialog->preview()->referenceUrl(), QUrl(d.referenceUrl));
    QVERIFY(std::any_of(texts.cbegin(), texts.cend(), [](const QString &t) { return t.contains(QLatin1String("Ops Team")); }));

    // Without a link the preview shows none, and the wire form still carries an empty reference_url.
    dialog->urlEdit()->clear();
    QVERIFY(!dialog->preview()->hasReference());
    const QStringList without = shownTexts(dialog->preview());
    QVERIFY(std::none_of(without.cbegin(), without.cend(), [](const QString &t) { return t.contains(QLatin1String("status.example.com")); }));
    const QString wire = dialog->wireView()->toPlainText();
    QVERIFY2(wire.contains(QLatin1String("\"reference_url\":\"\"")), qPrintable(wire));
    QVERIFY(dialog->sendButton()->isEnabled());
    dialog->close();
}

void TestComposeDialog::validDraftIsSentOnceThroughTheOutbox()
{
    QVERIFY(m_actions->newMessageAction()->isVisible());
    m_actions->newMessageAction()->trigger();
    auto *dialog = m_window->findChild<ComposeDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    MessageDraft d = validDraft();
    d.recipients = QStringLiteral("%1 %2 %1").arg(Alice, Bob);
    d.isActive = false;
    dialog->setDraft(d);
    QSignalSpy status(m_actions, &ComposeActions::statusMessage);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QTRY_COMPARE(m_kafka->producedTotal(), 2);
    QCOMPARE(m_kafka->producedTo(Alice), 1);
    QCOMPARE(status.size(), 1);

    StoreError readError;
    const QVector<OutboxEntry> rows = OutboxStore(m_inbox->database()).newestEntries(10, &readError);
    QVERIFY2(!readError.isError(), qPrintable(readError.text));
    QCOMPARE(rows.size(), 2);
    for (const OutboxEntry &e : rows) {
        QCOMPARE(e.subject, d.subject);
        QCOMPARE(e.referenceUrl, d.referenceUrl);
        QCOMPARE(e.isActive, false);
        QCOMPARE(e.createdBy, QStringLiteral("Ops Team"));
    }
}

void TestComposeDialog::sendingHeldUpIsToldOnceAndItsEnd()
{
    // The outbox's own connection (the indicator shows the inbox's): a problem is told once with
    // its detail, a repeat of it (the counting "no answer for N s") is not, its end is told.
    QSignalSpy status(m_actions, &ComposeActions::statusMessage);
    Q_EMIT m_outbox->stateChanged(ConnectionState::Connecting, QString());
    Q_EMIT m_outbox->stateChanged(ConnectionState::Connected, QString());
    QCOMPARE(status.size(), 0);
    const QString waiting = QStringLiteral("no answer from 127.0.0.1:9092/1 for 5 s; 2 message(s) waiting for the broker");
    Q_EMIT m_outbox->stateChanged(ConnectionState::BrokerNotResponding, waiting);
    Q_EMIT m_outbox->stateChanged(ConnectionState::BrokerNotResponding, waiting);
    QCOMPARE(status.size(), 1);
    const QString told = status.at(0).at(0).toString();
    QVERIFY2(told.contains(connectionStateText(ConnectionState::BrokerNotResponding)) && told.contains(waiting), qPrintable(told));
    Q_EMIT m_outbox->stateChanged(ConnectionState::BrokerUnreachable, QStringLiteral("no connection to any broker"));
    QCOMPARE(status.size(), 2);
    Q_EMIT m_outbox->stateChanged(ConnectionState::Connected, QString());
    QCOMPARE(status.size(), 3);
    QCOMPARE(status.at(2).at(0).toString(), ComposeActions::tr("Sending resumed."));
    Q_EMIT m_outbox->stateChanged(ConnectionState::Connected, QString());
    QCOMPARE(status.size(), 3);
}


void TestComposeDialog::fillBook()
{
    StoreError error;
    const QString csv = QStringLiteral("uuid,name,department,groups\n%1,Ada Lovelace,Notary,Notaries\n%2,Bob Builder,,Notaries\n").arg(Alice, Bob);
    AddressBook(m_inbox->database()).importPeople(PeopleCsv::parse(csv).rows, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
}

void TestComposeDialog::namesAndGroupsCompleteAndExpand()
{
    fillBook();
    const QString stranger = QStringLiteral("33333333-3333-4333-8333-333333333333");
    ComposeDialog *dialog = m_actions->newMessage();
    RecipientPicker *picker = dialog->recipientPicker();
    QVERIFY(picker->isEnabled());
    // Typing completes names and groups, the group with its count.
    picker->complete(QStringLiteral("ada"));
    QCOMPARE(picker->completer()->model()->rowCount(), 1);
    QCOMPARE(picker->completer()->model()->index(0, 0).data().toString(), QStringLiteral("Ada Lovelace <%1>").arg(Alice));
    picker->complete(QStringLiteral("not"));
    const QString group = picker->completer()->model()->index(0, 0).data().toString();
    QCOMPARE(group, QStringLiteral("Notaries: 2 people (group)"));
    Q_EMIT picker->completer()->activated(group);
    QCOMPARE(picker->chips()->count(), 1);
    QCOMPARE(picker->chips()->item(0)->text(), QStringLiteral("Notaries: 2 people"));
    QCOMPARE(dialog->recipients(), (QStringList{Alice, Bob}));
    // A pasted UUID the book knows shows its name (UUID in the tooltip); an unknown one says so.
    dialog->recipientsEdit()->setPlainText(QStringLiteral("%1\n%2").arg(Bob, stranger));
    QCOMPARE(picker->chips()->count(), 3);
    QCOMPARE(picker->chips()->item(1)->text(), QStringLiteral("Bob Builder"));
    QCOMPARE(picker->chips()->item(1)->toolTip(), Bob);
    QCOMPARE(picker->chips()->item(2)->text(), QStringLiteral("Unknown: ") + stranger);
    QCOMPARE(dialog->recipients(), (QStringList{Bob, stranger, Alice}));
    QVERIFY2(dialog->recipientSummary()->text().startsWith(QStringLiteral("3 recipient(s) (1 not in the address book)")),
             qPrintable(dialog->recipientSummary()->text()));
    // Picking a person by name adds their UUID to the field.
    picker->complete(QStringLiteral("lovelace"));
    Q_EMIT picker->completer()->activated(QStringLiteral("Ada Lovelace <%1>").arg(Alice));
    QVERIFY(dialog->recipientsEdit()->toPlainText().contains(Alice));
    dialog->subjectEdit()->setText(QStringLiteral("To the notaries"));
    dialog->bodyEdit()->setPlainText(QStringLiteral("Hello"));
    QVERIFY(dialog->sendButton()->isEnabled());
    dialog->sendButton()->click();
    QTRY_COMPARE(outboxRows(), 3);
    QTRY_COMPARE(m_kafka->producedTotal(), 3);
}

void TestComposeDialog::placeholdersAreCheckedThenFilledPerRecipient()
{
    fillBook();
    const QString stranger = QStringLiteral("33333333-3333-4333-8333-333333333333");
    ComposeDialog *dialog = m_actions->newMessage();
    dialog->recipientsEdit()->setPlainText(QStringLiteral("%1 %2 %3").arg(Alice, Bob, stranger));
    dialog->subjectEdit()->setText(QStringLiteral("For {name}"));
    dialog->bodyEdit()->setPlainText(QStringLiteral("Your department: {department}"));
    // Named with the count, before sending; Send stays off.
    QVERIFY(dialog->placeholderProblems()->isVisibleTo(dialog));
    const QStringList lines = dialog->placeholderProblems()->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("{department} has no value for 2 of 3 recipient(s)")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("{name} has no value for 1 of 3 recipient(s), e.g. ") + stranger), qPrintable(lines.at(1)));
    QVERIFY(!dialog->sendButton()->isEnabled());
    dialog->send();
    QCOMPARE(outboxRows(), 0);
    // Fixed: each known recipient's own name.
    dialog->recipientsEdit()->setPlainText(QStringLiteral("%1 %2").arg(Alice, Bob));
    dialog->bodyEdit()->setPlainText(QStringLiteral("Hello {name} ({uuid})"));
    QVERIFY(!dialog->placeholderProblems()->isVisibleTo(dialog));
    QVERIFY(dialog->sendButton()->isEnabled());
    dialog->sendButton()->click();
    QTRY_COMPARE(m_kafka->producedTotal(), 2);
    QMutexLocker lock(&m_kafka->mutex);
    for (const test::FakeKafka::Produced &p : std::as_const(m_kafka->produced)) {
        const QJsonObject m = QJsonDocument::fromJson(p.value).object().value(QStringLiteral("ns-message")).toObject();
        const QString name = p.topic == Alice ? QStringLiteral("Ada Lovelace") : QStringLiteral("Bob Builder");
        QCOMPARE(m.value(QStringLiteral("subject")).toString(), QStringLiteral("For ") + name);
        QCOMPARE(m.value(QStringLiteral("body")).toString(), QStringLiteral("Hello %1 (%2)").arg(name, p.topic));
    }
}

void TestComposeDialog::sendLaterThenCancelFromTheSentView()
{
    ComposeDialog *dialog = m_actions->newMessage();
    dialog->setDraft(validDraft());
    dialog->setSendAt(QDateTime::currentDateTimeUtc().addSecs(3600));
    QCOMPARE(dialog->sendButton()->text(), QStringLiteral("&Schedule"));
    dialog->sendButton()->click();
    QSqlQuery q(m_inbox->database());
    QTRY_VERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'scheduled'")) && q.next() && q.value(0).toInt() == 1);
    SentDialog *sent = m_actions->showSent();
    QTRY_COMPARE(m_actions->model()->countWithStatus(OutboxStatus::Scheduled), 1);
    QVERIFY2(sent->summary()->text().endsWith(QStringLiteral(", 1 scheduled")), qPrintable(sent->summary()->text()));
    sent->table()->setCurrentIndex(sent->table()->model()->index(0, 0));
    QVERIFY(sent->cancelScheduledButton()->isEnabled());
    QVERIFY(m_actions->model()->data(m_actions->model()->index(0, OutboxModel::DetailColumn)).toString().startsWith(QStringLiteral("To be sent ")));
    sent->cancelScheduledButton()->click();
    QTRY_COMPARE(m_actions->model()->countWithStatus(OutboxStatus::Cancelled), 1);
    QCOMPARE(m_kafka->producedTotal(), 0);
    QVERIFY(!sent->cancelScheduledButton()->isEnabled());
}

void TestComposeDialog::sendAgainAndEditAsNew()
{
    fillBook();
    ComposeDialog *dialog = m_actions->newMessage();
    MessageDraft d = validDraft();
    d.recipients = QStringLiteral("%1 %2").arg(Alice, Bob);
    dialog->setDraft(d);
    dialog->sendButton()->click();
    QTRY_COMPARE(m_kafka->producedTotal(), 2);
    SentDialog *sent = m_actions->showSent();
    QTRY_COMPARE(m_actions->model()->countWithStatus(OutboxStatus::Delivered), 2);
    // The Sent view shows names, the UUID in the tooltip.
    QStringList shown;
    for (int row = 0; row < 2; ++row)
        shown.append(m_actions->model()->index(row, OutboxModel::RecipientColumn).data().toString());
    shown.sort();
    QCOMPARE(shown, (QStringList{QStringLiteral("Ada Lovelace"), QStringLiteral("Bob Builder")}));
    QVERIFY(QStringList({Alice, Bob}).contains(m_actions->model()->index(0, OutboxModel::RecipientColumn).data(Qt::ToolTipRole).toString()));
    sent->table()->setCurrentIndex(sent->table()->model()->index(0, 0));
    sent->sendAgainButton()->click();
    QTRY_COMPARE(m_kafka->producedTotal(), 4);
    QTRY_COMPARE(m_actions->model()->countWithStatus(OutboxStatus::Delivered), 4);
    ComposeDialog *again = m_actions->editAsNew(m_actions->model()->entryAt(0).messageUuid);
    QVERIFY(again);
    QCOMPARE(again->subjectEdit()->text(), d.subject);
    QCOMPARE(again->recipients().size(), 2);
    again->close();
}

QTEST_MAIN(TestComposeDialog)
#include "tst_composedialog.moc"
