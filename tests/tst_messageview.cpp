// MessageView: plain text only, and links open only when they are well-formed http(s) with a host.
#include "MessageView.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace ns;
using namespace Qt::StringLiterals;

class TestMessageView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void markupAndScriptShowAsText();
    void unsafeReferenceIsRefused_data();
    void unsafeReferenceIsRefused();
    void safeReferenceOpens_data();
    void safeReferenceOpens();
    void bodyLinksFollowTheSameRule_data();
    void bodyLinksFollowTheSameRule();
    void hostIsShown();
    void enterOnABodyLinkOpensIt();
    void showsWhereItCameFrom();

private:
    Message message(const QString &body, const QString &url);
    void clickBodyAt(qsizetype position);

    MessageView *m_view = nullptr;
    QList<QUrl> m_opened;
};

void TestMessageView::init()
{
    m_view = new MessageView;
    m_opened.clear();
    m_view->setUrlOpener([this](const QUrl &url) {
        m_opened.append(url);
        return true;
    });
    m_view->resize(600, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void TestMessageView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

Message TestMessageView::message(const QString &body, const QString &url)
{
    Message m;
    m.id = 1;
    m.subject = u"<b>Subject</b> <script>alert('s')</script>"_s;
    m.body = body;
    m.referenceUrl = url;
    m.createdBy = u"<i>Mallory</i>"_s;
    m.createdDate = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    return m;
}

void TestMessageView::markupAndScriptShowAsText()
{
    const QString body = u"<h1>Big</h1><script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:x\">click</a> &amp;"_s;
    m_view->showMessage(message(body, QString()));
    const auto *text = m_view->findChild<QPlainTextEdit *>();
    QVERIFY(text);
    QCOMPARE(text->toPlainText(), body); // Every character, not a rendering of it.
    for (const QLabel *label : m_view->findChildren<QLabel *>()) {
        QCOMPARE(label->textFormat(), Qt::PlainText);
        QVERIFY(!label->openExternalLinks());
    }
    const auto labels = m_view->findChildren<QLabel *>();
    const bool subjectLiteral = std::any_of(labels.begin(), labels.end(), [](const QLabel *l) {
        return l->text() == u"<b>Subject</b> <script>alert('s')</script>"_s;
    });
    QVERIFY(subjectLiteral);
    QVERIFY(m_opened.isEmpty());
}

void TestMessageView::unsafeReferenceIsRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("javascript") << u"javascript:alert(document.cookie)"_s;
    QTest::newRow("javascript mixed case") << u"JaVaScRiPt:alert(1)"_s;
    QTest::newRow("file") << u"file:///etc/passwd"_s;
    QTest::newRow("file with host") << u"file://server/share/x.exe"_s;
    QTest::newRow("data") << u"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="_s;
    QTest::newRow("custom scheme") << u"ms-settings:privacy"_s;
    QTest::newRow("custom scheme with host") << u"myapp://open?x=1"_s;
    QTest::newRow("ftp") << u"ftp://example.org/file"_s;
    QTest::newRow("mailto") << u"mailto:a@example.org"_s;
    QTest::newRow("no host") << u"http:///etc/passwd"_s;
    QTest::newRow("scheme only") << u"https:"_s;
    QTest::newRow("relative") << u"//example.org/path"_s;
    QTest::newRow("no scheme") << u"example.org/path"_s;
    QTest::newRow("malformed") << u"http://exa mple.org/"_s;
    QTest::newRow("bad port") << u"https://example.org:99999999/"_s;
    QTest::newRow("user info disguise") << u"https://bank.example@evil.example/login"_s;
}

void TestMessageView::unsafeReferenceIsRefused()
{
    QFETCH(QString, url);
    QSignalSpy refused(m_view, &MessageView::linkRefused);
    m_view->showMessage(message(u"body"_s, url));
    auto *open = m_view->findChild<QPushButton *>();
    QVERIFY(open && open->isVisible());
    QTest::mouseClick(open, Qt::LeftButton);
    QVERIFY(m_opened.isEmpty());
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.at(0).at(0).toString().startsWith(u"Refused to open"_s));
    QVERIFY(!MessageView::isSafeToOpen(QUrl(url, QUrl::StrictMode)));
    // The pane says so before anyone clicks.
    const auto labels = m_view->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel *l) {
        return l->isVisible() && l->text().startsWith(u"This link will not be opened"_s);
    }));
}

void TestMessageView::safeReferenceOpens_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("https") << u"https://ns-dev-1.cyberimpact.us/requests/1042"_s;
    QTest::newRow("http with port and query") << u"http://example.org:8080/a?b=c#d"_s;
    QTest::newRow("upper case scheme") << u"HTTPS://EXAMPLE.ORG/"_s;
}

void TestMessageView::safeReferenceOpens()
{
    QFETCH(QString, url);
    QSignalSpy refused(m_view, &MessageView::linkRefused);
    m_view->showMessage(message(u"body"_s, url));
    QTest::mouseClick(m_view->findChild<QPushButton *>(), Qt::LeftButton);
    QCOMPARE(refused.count(), 0);
    QCOMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first(), QUrl(url, QUrl::StrictMode));
}

void TestMessageView::clickBodyAt(qsizetype position)
{
    auto *text = m_view->findChild<QPlainTextEdit *>();
    QTextCursor cursor(text->document());
    cursor.setPosition(static_cast<int>(position));
    const QRect r = text->cursorRect(cursor);
    const QPoint at = r.center() + QPoint(2, 0);
    QTest::mouseClick(text->viewport(), Qt::LeftButton, Qt::NoModifier, at);
}

void TestMessageView::bodyLinksFollowTheSameRule_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<bool>("opens");
    QTest::newRow("https") << u"https://example.org/x"_s << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("data") << u"data:text/html,hi"_s << false;
    QTest::newRow("custom") << u"steam://run/1"_s << false;
    QTest::newRow("no host") << u"http:///x"_s << false;
}

void TestMessageView::bodyLinksFollowTheSameRule()
{
    QFETCH(QString, link);
    QFETCH(bool, opens);
    QSignalSpy refused(m_view, &MessageView::linkRefused);
    const QString body = u"Hello, see "_s + link + u" for details."_s;
    m_view->showMessage(message(body, QString()));
    const QVector<MessageView::Link> links = MessageView::findLinks(body);
    QCOMPARE(links.size(), 1);
    QCOMPARE(links.first().text, link);
    clickBodyAt(links.first().start + 2);
    QCOMPARE(m_opened.size(), opens ? 1 : 0);
    QCOMPARE(refused.count(), opens ? 0 : 1);
}

// No link is for the mouse only: the caret on a link and Enter open it, under the same rule.
void TestMessageView::enterOnABodyLinkOpensIt()
{
    QSignalSpy refused(m_view, &MessageView::linkRefused);
    const QString body = u"See https://example.org/a or javascript:alert(1) here."_s;
    m_view->showMessage(message(body, QString()));
    const QVector<MessageView::Link> links = MessageView::findLinks(body);
    QCOMPARE(links.size(), 2);
    auto *text = m_view->findChild<QPlainTextEdit *>();
    QVERIFY(text->textInteractionFlags() & Qt::TextSelectableByKeyboard);
    text->setFocus();
    QTextCursor cursor = text->textCursor();
    cursor.setPosition(0);
    text->setTextCursor(cursor);
    QTest::keyClick(text, Qt::Key_Return); // Not on a link: nothing.
    QCOMPARE(m_opened.size(), 0);
    cursor.setPosition(static_cast<int>(links.at(0).start + 3));
    text->setTextCursor(cursor);
    QTest::keyClick(text, Qt::Key_Return);
    QCOMPARE(m_opened, (QList<QUrl>{QUrl(u"https://example.org/a"_s)}));
    cursor.setPosition(static_cast<int>(links.at(1).start + 3));
    text->setTextCursor(cursor);
    QTest::keyClick(text, Qt::Key_Enter);
    QCOMPARE(m_opened.size(), 1);
    QCOMPARE(refused.count(), 1);
}

void TestMessageView::hostIsShown()
{
    m_view->showMessage(message(u"b"_s, u"https://ns-dev-1.cyberimpact.us/requests/1042?token=abc"_s));
    const auto labels = m_view->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel *l) {
        return l->isVisible() && l->text() == u"Link to ns-dev-1.cyberimpact.us"_s;
    }));
}

// The details line shows the message's Kafka coordinates, as Kafka GUIs do; a key's control
// characters are escaped, and a message without a key says nothing about one.
void TestMessageView::showsWhereItCameFrom()
{
    Message m = message(u"body"_s, {});
    m.kafkaTopic = u"0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90"_s;
    m.kafkaPartition = 3;
    m.kafkaOffset = 4'294'967'301; // Past 32 bits: offsets outgrow the seed's IntegerField.
    m.kafkaKey = u"key\n\u0007end"_s;
    m.receivedDate = QDateTime(QDate(2026, 11, 29), QTime(20, 0), Qt::UTC);
    m_view->showMessage(m);
    const QLabel *origin = nullptr;
    for (const QLabel *label : m_view->findChildren<QLabel *>()) {
        if (label->accessibleDescription() == u"Where the message came from on Kafka"_s)
            origin = label;
    }
    QVERIFY(origin);
    QCOMPARE(origin->text(), MessageView::originText(m));
    QVERIFY2(origin->text().startsWith(u"Kafka: topic 0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90, partition 3, offset 4294967301,"
                                       " key \"key\\x0a\\x07end\"; received "_s),
             qPrintable(origin->text()));
    m.kafkaKey.reset();
    QVERIFY(!MessageView::originText(m).contains(u"key"_s));
    m_view->clear();
    QCOMPARE(origin->text(), QString());
}

QTEST_MAIN(TestMessageView)
#include "tst_messageview.moc"
