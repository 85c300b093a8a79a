// The main window and the dialogs are usable with a screen reader and follow the desktop's palette:
// every interactive widget has an accessible name, no widget or model hard-codes a colour, and a dark
// palette reaches every widget, also when the desktop switches theme while the window is open.
#include "CatchUpIndicator.h"
#include "ConnectionIndicator.h"
#include "LiveRegion.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "MessageListView.h"
#include "MessageListModel.h"
#include "MemorySecretStore.h"
#include "PasswordPrompt.h"
#include "SettingsDialog.h"
#include "TestInbox.h"
#include "WelcomePage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace ns;

namespace {

const QList<QPalette::ColorRole> CheckedRoles{QPalette::Window, QPalette::WindowText, QPalette::Base, QPalette::Text,
                                              QPalette::Button, QPalette::ButtonText, QPalette::Highlight,
                                              QPalette::HighlightedText, QPalette::AlternateBase};

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x14, 0x15, 0x18));
    p.setColor(QPalette::AlternateBase, QColor(0x1c, 0x1d, 0x21));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Button, QColor(0x2a, 0x2c, 0x31));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    return p;
}

/// Widgets a user operates (by keyboard or mouse), leaving out the parts of composite widgets
/// (a combo box's line edit, a scroll area's scroll bars) that assistive technology reaches through them.
bool isInteractive(const QWidget *w)
{
    if (qobject_cast<const QScrollBar *>(w) || qobject_cast<const QMenu *>(w))
        return false;
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        // An item view's headers, corner button and editors are reached through the view's own interface.
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QAbstractItemView *>(p))
            return false;
    }
    return qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QAbstractItemView *>(w)
        || qobject_cast<const QLineEdit *>(w) || qobject_cast<const QTextEdit *>(w) || qobject_cast<const QPlainTextEdit *>(w)
        || qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractSpinBox *>(w)
        || qobject_cast<const QAbstractSlider *>(w) || qobject_cast<const QTabBar *>(w) || w->focusPolicy() != Qt::NoFocus;
}

QString describe(const QWidget *w)
{
    return QStringLiteral("%1 \"%2\"").arg(QLatin1String(w->metaObject()->className()), w->objectName());
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyInteractiveWidgetHasAName_data();
    void everyInteractiveWidgetHasAName();
    void everyMenuEntryHasText();
    void followsADarkPalette_data();
    void followsADarkPalette();
    void followsAPaletteChangeWhileOpen();
    void modelHardCodesNoColour();
    void readingPaneReadsItsContent();
    void liveRegionSaysTheNewestAndNeverFloods();
    void connectionChangesAreAnnouncedNotTicks();
    void catchUpIsAnnouncedByQuarters();

private:
    void addMessage(const QString &url);
    /// One of the windows under test, shown, with as many of its widgets visible as it has.
    std::unique_ptr<QWidget> make(const QString &which);
    static void addWindows();
    static QStringList paletteMismatches(const QWidget *root, const QPalette &expected);

    std::unique_ptr<TestInbox> m_inbox;
    QPalette m_original;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    MemorySecretStore m_secrets;
};

void TestAccessibility::init()
{
    m_original = QApplication::palette();
    m_inbox = std::make_unique<TestInbox>(); // A file: the window opens its own connections to it.
    QVERIFY(m_inbox->isValid());
    addMessage(QStringLiteral("https://example.org/requests/1"));
    addMessage(QString());
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("ns-inbox.conf")), QSettings::IniFormat);
}

void TestAccessibility::cleanup()
{
    QApplication::setPalette(m_original);
    m_inbox.reset();
}

void TestAccessibility::addMessage(const QString &url)
{
    Message m = m_inbox->make(QStringLiteral("Subject %1").arg(m_inbox->store().messageCount()), QStringLiteral("Body"), {},
                              QStringLiteral("admin"));
    m.referenceUrl = url;
    QVERIFY(m_inbox->add({m}));
}

void TestAccessibility::addWindows()
{
    QTest::addColumn<QString>("which");
    for (const char *which : {"main window", "settings dialog", "welcome page", "password prompt"})
        QTest::newRow(which) << QString::fromLatin1(which);
}

std::unique_ptr<QWidget> TestAccessibility::make(const QString &which)
{
    std::unique_ptr<QWidget> window;
    if (which == QLatin1String("main window")) {
        auto main = std::make_unique<MainWindow>(&m_inbox->store(), QStringLiteral("test"));
        main->messageList()->selectRow(1); // The message with a link: its button is shown.
        window = std::move(main);
    } else if (which == QLatin1String("settings dialog")) {
        ProfileSettings profile;
        profile.connection.securityProtocol = QStringLiteral("SASL_SSL"); // Every field in use.
        window = std::make_unique<SettingsDialog>(profile, &m_secrets, m_settings.get());
    } else if (which == QLatin1String("welcome page")) {
        window = std::make_unique<WelcomePage>(QStringLiteral("kafka.example.org:9093"));
    } else {
        window = std::make_unique<PasswordPrompt>(QStringLiteral("alice"), true, QString());
    }
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestAccessibility::everyInteractiveWidgetHasAName_data()
{
    addWindows();
}

void TestAccessibility::everyInteractiveWidgetHasAName()
{
    QFETCH(QString, which);
    const std::unique_ptr<QWidget> window = make(which);
    QVERIFY(window);

    QStringList unnamed;
    int checked = 0;
    const QList<QWidget *> widgets = window->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(window.get()) || !isInteractive(w))
            continue;
        ++checked;
        // The name assistive technology reads: accessibleName, or else what Qt derives from the
        // widget's own text or its buddy label.
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        const QString name = iface ? iface->text(QAccessible::Name) : QString();
        if (name.trimmed().isEmpty())
            unnamed.append(describe(w));
    }
    QVERIFY2(checked >= 2, "the walk found too few interactive widgets to mean anything");
    QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("interactive widgets without an accessible name: ") + unnamed.join(QLatin1String(", "))));
}

void TestAccessibility::everyMenuEntryHasText()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    QStringList missing;
    const QList<QMenu *> menus = window.menuBar()->findChildren<QMenu *>();
    QVERIFY(!menus.isEmpty());
    for (QMenu *menu : menus) {
        if (menu->title().isEmpty())
            missing.append(QStringLiteral("a menu"));
        for (QAction *action : menu->actions()) {
            if (!action->isSeparator() && action->text().isEmpty())
                missing.append(menu->title());
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1String(", "))));
}

QStringList TestAccessibility::paletteMismatches(const QWidget *root, const QPalette &expected)
{
    QStringList mismatches;
    QList<const QWidget *> widgets{root};
    for (const QWidget *w : root->findChildren<QWidget *>())
        widgets.append(w);
    for (const QWidget *w : widgets) {
        if (!w->styleSheet().isEmpty())
            mismatches.append(describe(w) + QStringLiteral(" has a style sheet"));
        for (QPalette::ColorRole role : CheckedRoles) {
            if (w->palette().color(QPalette::Active, role) != expected.color(QPalette::Active, role))
                mismatches.append(QStringLiteral("%1 role %2").arg(describe(w)).arg(role));
        }
    }
    return mismatches;
}

void TestAccessibility::followsADarkPalette_data()
{
    addWindows();
}

void TestAccessibility::followsADarkPalette()
{
    QFETCH(QString, which);
    QVERIFY(qApp->styleSheet().isEmpty());
    QApplication::setPalette(darkPalette());
    const std::unique_ptr<QWidget> window = make(which);
    QVERIFY(window);
    const QStringList mismatches = paletteMismatches(window.get(), QApplication::palette());
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QLatin1String("; "))));
}

void TestAccessibility::followsAPaletteChangeWhileOpen()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setPalette(darkPalette()); // The desktop switches to its dark theme.
    QTRY_VERIFY(paletteMismatches(&window, QApplication::palette()).isEmpty());
    QCOMPARE(window.messageList()->palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
}

void TestAccessibility::modelHardCodesNoColour()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    const QAbstractItemModel *model = window.messageList()->model();
    QVERIFY(model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            for (int role : {int(Qt::ForegroundRole), int(Qt::BackgroundRole), int(Qt::DecorationRole)}) {
                const QVariant value = model->index(row, column).data(role);
                QVERIFY2(value.typeId() != QMetaType::QColor && value.typeId() != QMetaType::QBrush,
                         qPrintable(QStringLiteral("row %1 column %2 role %3 is a fixed colour").arg(row).arg(column).arg(role)));
            }
        }
    }
}

namespace {

QString accessibleName(QObject *object)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(object);
    return iface ? iface->text(QAccessible::Name) : QStringLiteral("<no interface>");
}

} // namespace

// What a screen reader reads of a label is its name: the subject itself, not the word "Subject".
void TestAccessibility::readingPaneReadsItsContent()
{
    MessageView view;
    Message m = m_inbox->make(QStringLiteral("Quarterly report is due"), QStringLiteral("Please file it."), {}, QStringLiteral("alice"));
    m.referenceUrl = QStringLiteral("https://reports.example.org/q3");
    view.showMessage(m);
    view.show();
    QStringList described;
    for (QLabel *label : view.findChildren<QLabel *>()) {
        if (label->accessibleDescription().isEmpty())
            continue;
        described << label->accessibleDescription();
        QVERIFY2(label->accessibleName().isEmpty(), qPrintable(label->accessibleName()));
        QCOMPARE(accessibleName(label), label->text());
    }
    QVERIFY2(described.contains(QStringLiteral("Subject")), qPrintable(described.join(QLatin1Char(','))));
    const auto labelDescribed = [&view](const QString &description) {
        for (QLabel *label : view.findChildren<QLabel *>()) {
            if (label->accessibleDescription() == description)
                return label;
        }
        return static_cast<QLabel *>(nullptr);
    };
    QCOMPARE(accessibleName(labelDescribed(QStringLiteral("Subject"))), QStringLiteral("Quarterly report is due"));
    QVERIFY(accessibleName(labelDescribed(QStringLiteral("Sender and date"))).startsWith(QStringLiteral("From alice · ")));
    QCOMPARE(accessibleName(labelDescribed(QStringLiteral("Reference link host"))), QStringLiteral("Link to reports.example.org"));
    auto *body = view.findChild<QPlainTextEdit *>();
    QAccessibleInterface *bodyIface = QAccessible::queryAccessibleInterface(body);
    QVERIFY(bodyIface && bodyIface->textInterface());
    QCOMPARE(bodyIface->textInterface()->text(0, bodyIface->textInterface()->characterCount()), QStringLiteral("Please file it."));
}

void TestAccessibility::liveRegionSaysTheNewestAndNeverFloods()
{
    // The events themselves (name changed, showing) reach AT-SPI only on a desktop with a screen
    // reader: accessibility_atspi hears them there. Here: what is said, and when.
    QWidget parent;
    auto *region = new LiveRegion(QStringLiteral("test"), &parent);
    region->setMinIntervalMs(300);
    parent.show();
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(region);
    QVERIFY(iface);
    QCOMPARE(iface->role(), QAccessible::Notification);
    region->announce(QStringLiteral("first"));
    QCOMPARE(region->text(), QStringLiteral("first"));
    QCOMPARE(iface->text(QAccessible::Name), QStringLiteral("first"));
    QCOMPARE(region->announcementCount(), 1);
    // Within the interval: only the newest waits, and is said once the interval is over.
    region->announce(QStringLiteral("second"));
    region->announce(QStringLiteral("third"));
    QCOMPARE(region->announcementCount(), 1);
    QTRY_COMPARE(region->announcementCount(), 2);
    QCOMPARE(region->text(), QStringLiteral("third"));
    // The same news again is no news.
    QTest::qWait(350);
    region->announce(QStringLiteral("third"));
    QCOMPARE(region->announcementCount(), 2);
}

void TestAccessibility::connectionChangesAreAnnouncedNotTicks()
{
    ConnectionIndicator indicator;
    indicator.announcer()->setMinIntervalMs(0);
    indicator.setState(ConnectionState::Connecting, {});
    indicator.setState(ConnectionState::Connected, {});
    QCOMPARE(indicator.announcer()->announcementCount(), 2);
    QCOMPARE(indicator.announcer()->text(), QStringLiteral("Connection: Connected"));
    indicator.setState(ConnectionState::Connected, QStringLiteral("the same state, a new detail"));
    indicator.setState(ConnectionState::BrokerNotResponding, {});
    QCOMPARE(indicator.announcer()->announcementCount(), 3);
    // It counts the seconds on screen; a screen reader is not told every second.
    QTest::qWait(2200);
    QVERIFY2(indicator.text().contains(QStringLiteral("no answer for")), qPrintable(indicator.text()));
    QCOMPARE(indicator.announcer()->announcementCount(), 3);
}

void TestAccessibility::catchUpIsAnnouncedByQuarters()
{
    CatchUpIndicator indicator;
    indicator.announcer()->setMinIntervalMs(0);
    QStringList said;
    for (qint64 done : {1, 100, 200, 260, 500, 740, 760, 990}) {
        indicator.setProgress(done, 1000);
        QTest::qWait(CatchUpIndicator::RepaintIntervalMs + 20);
        if (!indicator.announcer()->text().isEmpty() && (said.isEmpty() || said.constLast() != indicator.announcer()->text()))
            said << indicator.announcer()->text();
    }
    indicator.finish();
    said << indicator.announcer()->text();
    // The start, 25%, 50%, 75%, and the end: five, whatever the number of batches.
    QCOMPARE(indicator.announcer()->announcementCount(), 5);
    QCOMPARE(said.size(), 5);
    QVERIFY2(said.first().startsWith(QStringLiteral("Catching up: 1 of ")), qPrintable(said.first()));
    QCOMPARE(said.last(), QStringLiteral("Caught up"));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
