// Completion in the search box (issue 22): what can be completed where the cursor is
// (SearchCompletion, a table), the senders the store knows after "from:" (KnownSenders, bounded:
// read from the sender index, not by a scan), and the box offscreen: typing "fr" offers "from:",
// Tab or Return takes the offer, Esc closes the list and only the list.
#include "KnownSenders.h"
#include "SearchBar.h"
#include "SearchCompleter.h"
#include "SearchCompletion.h"
#include "TestInbox.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

class TestSearchCompletion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void completionAt_data();
    void completionAt();
    void applyPutsTheCompletionInPlace();
    void knownSendersStartingWith();
    void knownSendersReadTheSenderIndex();
    void typingFrOffersFrom();
    void tabAndReturnTakeTheOffer();
    void afterFromTheKnownSendersAreOffered();
    void escapeClosesOnlyTheList();

private:
    SearchBar *makeBar();

    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<QWidget> m_window;
};

void TestSearchCompletion::initTestCase()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    QVector<Message> batch;
    const QStringList senders{u"Billing System"_s, u"billing-bot"_s, u"Bill Gates"_s, u"Ada Lovelace"_s, u"ops-bot"_s,
                              u""_s};
    for (int i = 0; i < 140; ++i)
        batch.append(m_inbox->make(u"Subject %1"_s.arg(i), u"b"_s, {}, senders.at(i % senders.size())));
    QVERIFY(m_inbox->add(batch));
    for (qint64 id = 1; id <= 140; id += 3)
        QVERIFY(m_inbox->setState(id, true, id % 2 == 0)); // Senders spread over several buckets.
}

void TestSearchCompletion::completionAt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cursor"); // -1: at the end.
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("offers"); // Operator: the candidates; Sender: the prefix, alone.
    const int none = int(SearchCompletion::Kind::None), op = int(SearchCompletion::Kind::Operator),
              sender = int(SearchCompletion::Kind::Sender);
    QTest::newRow("fr at the start") << u"fr"_s << -1 << op << QStringList{u"from:"_s};
    QTest::newRow("fr after a word") << u"invoice fr"_s << -1 << op << QStringList{u"from:"_s};
    QTest::newRow("negated") << u"invoice -fr"_s << -1 << op << QStringList{u"from:"_s};
    QTest::newRow("case ignored") << u"FR"_s << -1 << op << QStringList{u"from:"_s};
    QTest::newRow("is") << u"is"_s << -1 << op << QStringList{u"is:unread"_s, u"is:read"_s};
    QTest::newRow("in: values") << u"in:a"_s << -1 << none << QStringList{};
    QTest::newRow("i") << u"i"_s << -1 << op
                       << QStringList{u"is:unread"_s, u"is:read"_s, u"in:inbox"_s, u"in:archived"_s, u"in:snoozed"_s,
                                      u"in:inactive"_s, u"in:all"_s};
    QTest::newRow("a plain word") << u"invoice"_s << -1 << none << QStringList{};
    QTest::newRow("after a space") << u"fr "_s << -1 << none << QStringList{};
    QTest::newRow("mid-word") << u"from"_s << 2 << none << QStringList{};
    QTest::newRow("in a phrase") << u"\"fr"_s << -1 << none << QStringList{};
    QTest::newRow("OR") << u"a OR"_s << -1 << none << QStringList{};
    QTest::newRow("a whole operator") << u"from:"_s << -1 << sender << QStringList{QString()};
    QTest::newRow("from:bil") << u"x from:bil"_s << -1 << sender << QStringList{u"bil"_s};
    QTest::newRow("from:\"Billing Sy") << u"from:\"Billing Sy"_s << -1 << sender << QStringList{u"Billing Sy"_s};
    QTest::newRow("-from:\"Bi") << u"-from:\"Bi"_s << -1 << sender << QStringList{u"Bi"_s};
    QTest::newRow("phrase, not from") << u"\"two wor"_s << -1 << none << QStringList{};
    QTest::newRow("date value") << u"after:7"_s << -1 << none << QStringList{};
}

void TestSearchCompletion::completionAt()
{
    QFETCH(QString, text);
    QFETCH(int, cursor);
    QFETCH(int, kind);
    QFETCH(QStringList, offers);
    const SearchCompletion at = SearchCompletion::at(text, cursor < 0 ? int(text.size()) : cursor);
    QCOMPARE(int(at.kind()), kind);
    if (at.kind() == SearchCompletion::Kind::Sender)
        QCOMPARE(QStringList{at.senderPrefix()}, offers);
    else if (at.kind() == SearchCompletion::Kind::Operator)
        QCOMPARE(at.candidates(), offers);
}

void TestSearchCompletion::applyPutsTheCompletionInPlace()
{
    int cursor = 0;
    SearchCompletion at = SearchCompletion::at(u"invoice fr"_s, 10);
    QCOMPARE(at.apply(u"invoice fr"_s, u"from:"_s, &cursor), u"invoice from:"_s);
    QCOMPARE(cursor, 13);
    at = SearchCompletion::at(u"-is after:7d"_s, 3);
    QCOMPARE(at.apply(u"-is after:7d"_s, u"is:unread"_s, &cursor), u"-is:unread after:7d"_s);
    QCOMPARE(cursor, 11);
    at = SearchCompletion::at(u"from:\"Billing Sy"_s, 16);
    QCOMPARE(at.apply(u"from:\"Billing Sy"_s, SearchCompletion::senderTerm(u"Billing System"_s), &cursor),
             u"from:\"Billing System\" "_s);
    QCOMPARE(cursor, 22);
    QCOMPARE(SearchCompletion::senderTerm(u"ops-bot"_s), u"from:ops-bot"_s);
}

void TestSearchCompletion::knownSendersStartingWith()
{
    StoreError error;
    QCOMPARE(KnownSenders::startingWith(m_inbox->database(), u"bil"_s, 10, &error),
             (QStringList{u"Bill Gates"_s, u"Billing System"_s, u"billing-bot"_s})); // NOCASE: ' ' < '-'.
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QCOMPARE(KnownSenders::startingWith(m_inbox->database(), u"BIL"_s, 2, &error),
             (QStringList{u"Bill Gates"_s, u"Billing System"_s}));
    QCOMPARE(KnownSenders::startingWith(m_inbox->database(), QString(), 10, &error),
             (QStringList{u"Ada Lovelace"_s, u"Bill Gates"_s, u"Billing System"_s, u"billing-bot"_s, u"ops-bot"_s}));
    QCOMPARE(KnownSenders::startingWith(m_inbox->database(), u"zz"_s, 10, &error), QStringList());
    QVERIFY(!error.isError());
}

// Bounded work: every arm seeks the bucket-first sender index, none scans the table.
void TestSearchCompletion::knownSendersReadTheSenderIndex()
{
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"EXPLAIN QUERY PLAN SELECT created_by FROM messages WHERE is_active = 1 AND is_archived = 0"
                   " AND is_read = 0 AND created_by COLLATE NOCASE >= 'bil' ORDER BY created_by COLLATE NOCASE LIMIT 1"_s));
    QStringList plan;
    while (q.next())
        plan.append(q.value(3).toString());
    QVERIFY2(plan.join(u' ').contains(u"messages_view_sender"_s), qPrintable(plan.join(u" | "_s)));
    QVERIFY2(!plan.join(u' ').contains(u"TEMP B-TREE"_s), qPrintable(plan.join(u" | "_s)));
}

SearchBar *TestSearchCompletion::makeBar()
{
    m_window = std::make_unique<QWidget>();
    auto *bar = new SearchBar(m_window.get());
    bar->setSenderLookup([db = m_inbox->database()](const QString &prefix) {
        StoreError error;
        return KnownSenders::startingWith(db, prefix, 10, &error);
    });
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return nullptr;
    bar->setFocus();
    return bar;
}

void TestSearchCompletion::typingFrOffersFrom()
{
    SearchBar *bar = makeBar();
    QVERIFY(bar);
    QTest::keyClicks(bar, u"invoice fr"_s);
    QVERIFY(bar->completion()->isOpen());
    QCOMPARE(bar->completion()->offers(), QStringList{u"from:"_s});
    QTest::keyClicks(bar, u"x"_s); // "frx" is nothing the box knows: the list closes.
    QVERIFY(!bar->completion()->isOpen());
}

void TestSearchCompletion::tabAndReturnTakeTheOffer()
{
    SearchBar *bar = makeBar();
    QVERIFY(bar);
    QSignalSpy searched(bar, &SearchBar::searchChanged);
    QTest::keyClicks(bar, u"is"_s);
    QCOMPARE(bar->completion()->offers(), (QStringList{u"is:unread"_s, u"is:read"_s}));
    QAbstractItemView *popup = bar->completion()->completer()->popup();
    QTest::keyClick(popup, Qt::Key_Tab); // The first offer is selected: Tab takes it.
    QCOMPARE(bar->text(), u"is:unread "_s);
    QCOMPARE(bar->cursorPosition(), 10);
    QVERIFY(!bar->completion()->isOpen());
    QTRY_COMPARE(searched.count(), 1);
    QCOMPARE(searched.last().at(0).toString(), u"is:unread "_s);

    QTest::keyClicks(bar, u"i"_s);
    QVERIFY(bar->completion()->isOpen());
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Down); // The third: in:inbox.
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(bar->text(), u"is:unread in:inbox "_s);
    QVERIFY(!bar->completion()->isOpen());
}

void TestSearchCompletion::afterFromTheKnownSendersAreOffered()
{
    SearchBar *bar = makeBar();
    QVERIFY(bar);
    QTest::keyClicks(bar, u"fr"_s);
    QTest::keyClick(bar->completion()->completer()->popup(), Qt::Key_Return);
    QCOMPARE(bar->text(), u"from:"_s); // No space: the value comes next, and the senders are offered.
    QVERIFY(bar->completion()->isOpen());
    QCOMPARE(bar->completion()->offers().size(), 5);
    QTest::keyClicks(bar, u"bill"_s);
    QCOMPARE(bar->completion()->offers(),
             (QStringList{u"from:\"Bill Gates\""_s, u"from:\"Billing System\""_s, u"from:billing-bot"_s}));
    QTest::keyClick(bar->completion()->completer()->popup(), Qt::Key_Down);
    QTest::keyClick(bar->completion()->completer()->popup(), Qt::Key_Tab);
    QCOMPARE(bar->text(), u"from:\"Billing System\" "_s);
    QTest::keyClicks(bar, u"-from:billing-"_s);
    QCOMPARE(bar->completion()->offers(), QStringList{u"from:billing-bot"_s});
    QTest::keyClick(bar->completion()->completer()->popup(), Qt::Key_Enter);
    QCOMPARE(bar->text(), u"from:\"Billing System\" -from:billing-bot "_s);
}

void TestSearchCompletion::escapeClosesOnlyTheList()
{
    SearchBar *bar = makeBar();
    QVERIFY(bar);
    QSignalSpy left(bar, &SearchBar::left);
    QTest::keyClicks(bar, u"invoice su"_s);
    QVERIFY(bar->completion()->isOpen());
    QTest::keyClick(bar->completion()->completer()->popup(), Qt::Key_Escape);
    QVERIFY(!bar->completion()->isOpen());
    QCOMPARE(bar->text(), u"invoice su"_s); // The search stays as typed.
    QCOMPARE(left.count(), 0);
    // With the list closed, Esc is the field's again: cleared, and the list takes the keys.
    QTest::keyClick(bar, Qt::Key_Escape);
    QVERIFY(bar->text().isEmpty());
    QCOMPARE(left.count(), 1);
}

QTEST_MAIN(TestSearchCompletion)
#include "tst_searchcompletion.moc"
