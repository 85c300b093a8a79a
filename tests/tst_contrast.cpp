// Text contrast measured from screenshots (issue 23): the main window with a message open, grabbed in a
// light, a dark and a high-contrast palette, and every piece of text on it (labels, the list's cells)
// checked against WCAG 2's AA level for normal text, 4.5:1, from the pixels: the text's colour is the
// ink with the most contrast inside the text's rectangle, its background the commonest colour there.
// The unread marker is a symbol (AA for graphics: 3:1). The selected row is drawn in the theme's own
// selection colours: held to 4.5:1 only where the theme's pair reaches it (Qt's default light palette
// does not: white on #308cc6 is 3.7:1), and said when not.
// The same test runs at 1x, 1.5x and 2x (QT_SCALE_FACTOR, CTest names _1_5x and _2x), where it also
// checks that icons and the tray badge are drawn for the device's pixels, not scaled up.
// Screenshots: build/contrast-screenshots/.
#include "ComposeDialog.h"
#include "MainWindow.h"
#include "MessageListView.h"
#include "MessageView.h"
#include "TestInbox.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QDir>
#include <QHash>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QSystemTrayIcon>
#include <QTest>

#include <cmath>

using namespace ns;

namespace {

constexpr double MinimumContrast = 4.5;

double channel(int c)
{
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(QRgb rgb)
{
    return 0.2126 * channel(qRed(rgb)) + 0.7152 * channel(qGreen(rgb)) + 0.0722 * channel(qBlue(rgb));
}

/// WCAG 2's contrast ratio, 1 to 21.
double contrast(QRgb a, QRgb b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Measure
{
    QRgb background = 0;
    QRgb ink = 0;
    double ratio = 0;
};

/// The commonest colour of `rect` is the background; the text is the pixel that stands out most.
Measure measure(const QImage &image, const QRect &rect)
{
    QHash<QRgb, int> counts;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x)
            ++counts[image.pixel(x, y) | 0xff000000];
    }
    Measure m;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            m.background = it.key();
        }
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const double c = contrast(it.key(), m.background);
        if (c > m.ratio) {
            m.ratio = c;
            m.ink = it.key();
        }
    }
    return m;
}

QPalette highContrastPalette()
{
    QPalette p;
    const QColor black(0, 0, 0), white(255, 255, 255), yellow(255, 255, 0), cyan(0, 255, 255);
    for (auto role : {QPalette::Window, QPalette::Base, QPalette::AlternateBase, QPalette::Button, QPalette::ToolTipBase})
        p.setColor(role, black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::BrightText, QPalette::ToolTipText})
        p.setColor(role, white);
    p.setColor(QPalette::PlaceholderText, white);
    p.setColor(QPalette::Highlight, cyan);
    p.setColor(QPalette::HighlightedText, black);
    p.setColor(QPalette::Link, yellow);
    p.setColor(QPalette::LinkVisited, yellow);
    return p;
}

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
    // A selection colour dark enough for white text (6.4:1), as Breeze Dark's and Adwaita's are.
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x5d, 0xb0));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    return p;
}

QString hex(QRgb c)
{
    return QStringLiteral("#%1").arg(c & 0xffffff, 6, 16, QLatin1Char('0'));
}

} // namespace

class TestContrast : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void textMeetsAA_data();
    void textMeetsAA();
    void composeErrorsMeetAA_data();
    void composeErrorsMeetAA();
    void iconsAndBadgeAreDrawnForTheDevicePixels();

private:
    std::unique_ptr<TestInbox> m_inbox;
    QString m_shots;
};

void TestContrast::initTestCase()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_inbox = std::make_unique<TestInbox>(); // A file: the window opens its own read-only connection to it.
    QVERIFY(m_inbox->isValid());
    QVector<Message> messages;
    for (int i = 0; i < 6; ++i) {
        Message m = m_inbox->make(QStringLiteral("Quarterly report %1 is due").arg(i),
                                  QStringLiteral("Please file it at https://reports.example.org/q%1 or javascript:alert(1).").arg(i), {},
                                  QStringLiteral("Research Office"));
        m.referenceUrl = QStringLiteral("https://reports.example.org/q%1").arg(i);
        messages << m;
    }
    QVERIFY(m_inbox->add(messages));
    m_shots = QDir(qEnvironmentVariable("NS_TEST_BINARY_DIR", QDir::tempPath())).filePath(QStringLiteral("contrast-screenshots"));
    QDir().mkpath(m_shots);
}

void TestContrast::textMeetsAA_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << QApplication::style()->standardPalette();
    QTest::newRow("dark") << darkPalette();
    QTest::newRow("high contrast") << highContrastPalette();
}

void TestContrast::textMeetsAA()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.messageList()->selectRow(1);
    window.statusBar()->clearMessage();
    QTest::qWait(50);
    const QImage shot = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const qreal dpr = shot.devicePixelRatio();
    const QString name = QStringLiteral("%1-%2x.png").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))).arg(dpr);
    shot.save(QDir(m_shots).filePath(name));

    const auto toImage = [&](const QRect &logical) {
        return QRectF(QPointF(logical.topLeft()) * dpr, QSizeF(logical.size()) * dpr).toAlignedRect();
    };
    QStringList failures;
    int checked = 0;
    const auto check = [&](const QString &what, const QRect &logical, double minimum = MinimumContrast) {
        const Measure m = measure(shot, toImage(logical));
        ++checked;
        if (m.ratio < minimum)
            failures << QStringLiteral("%1: %2 on %3, %4:1").arg(what, hex(m.ink), hex(m.background)).arg(m.ratio, 0, 'f', 2);
    };
    // Every label showing text, in the reading pane and the status bar among them.
    for (QLabel *label : window.findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty() || label->width() < 4)
            continue;
        check(QStringLiteral("label \"%1\"").arg(label->text().left(40)), QRect(label->mapTo(&window, QPoint(0, 0)), label->size()));
    }
    // The list's cells: read and unread rows, the selected one, every column.
    MessageListView *list = window.messageList();
    const QColor selection = palette.color(QPalette::Highlight);
    const double themeSelection = contrast(palette.color(QPalette::HighlightedText).rgb(), selection.rgb());
    if (themeSelection < MinimumContrast)
        qInfo().noquote() << QStringLiteral("the theme's own selection colours are %1:1; the selected row is not held to %2:1")
                                 .arg(themeSelection, 0, 'f', 2)
                                 .arg(MinimumContrast);
    for (int row = 0; row < std::min(4, list->model()->rowCount()); ++row) {
        if (list->selectionModel()->isRowSelected(row, {}) && themeSelection < MinimumContrast)
            continue;
        for (int column = 0; column < list->model()->columnCount(); ++column) {
            const QModelIndex index = list->model()->index(row, column);
            if (index.data().toString().isEmpty() || list->isColumnHidden(column))
                continue;
            const QRect cell = list->visualRect(index);
            check(QStringLiteral("cell %1,%2 \"%3\"").arg(row).arg(column).arg(index.data().toString().left(30)),
                  QRect(list->viewport()->mapTo(&window, cell.topLeft()), cell.size()), column == 0 ? 3.0 : MinimumContrast);
        }
    }
    QVERIFY2(checked >= 10, qPrintable(QStringLiteral("only %1 texts found").arg(checked)));
    qInfo().noquote() << QStringLiteral("%1: %2 texts measured in %3, %4 below %5:1").arg(QString::fromLatin1(QTest::currentDataTag())).arg(checked).arg(name).arg(failures.size()).arg(MinimumContrast);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("\n"))));
}

// The compose dialog with every field in error (and the subject's counter over its limit): its
// error text is red of the palette's lightness, at AA on the dialog in each palette.
void TestContrast::composeErrorsMeetAA_data()
{
    textMeetsAA_data();
}

void TestContrast::composeErrorsMeetAA()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    ComposeDialog dialog(QStringLiteral("test"));
    MessageDraft bad;
    bad.recipients = QStringLiteral("not-a-uuid");
    bad.subject = QString(256, QLatin1Char('x'));
    bad.body = QStringLiteral("x");
    bad.referenceUrl = QStringLiteral("javascript:alert(1)");
    dialog.setDraft(bad);
    dialog.bodyEdit()->clear();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::qWait(50);
    for (auto field : {ComposeDialog::Field::Recipients, ComposeDialog::Field::Subject, ComposeDialog::Field::Body,
                       ComposeDialog::Field::ReferenceUrl})
        QVERIFY(dialog.errorLabel(field)->isVisible());
    const QImage shot = dialog.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const qreal dpr = shot.devicePixelRatio();
    const QString name = QStringLiteral("compose-%1-%2x.png").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))).arg(dpr);
    shot.save(QDir(m_shots).filePath(name));
    QStringList failures;
    int checked = 0;
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty() || label->width() < 4)
            continue;
        const QRect logical(label->mapTo(&dialog, QPoint(0, 0)), label->size());
        const Measure m = measure(shot, QRectF(QPointF(logical.topLeft()) * dpr, QSizeF(logical.size()) * dpr).toAlignedRect());
        ++checked;
        if (m.ratio < MinimumContrast)
            failures << QStringLiteral("label \"%1\": %2 on %3, %4:1").arg(label->text().left(40), hex(m.ink), hex(m.background)).arg(m.ratio, 0, 'f', 2);
    }
    QVERIFY2(checked >= 5, qPrintable(QStringLiteral("only %1 texts found").arg(checked)));
    qInfo().noquote() << QStringLiteral("compose, %1: %2 texts measured in %3, %4 below %5:1").arg(QString::fromLatin1(QTest::currentDataTag())).arg(checked).arg(name).arg(failures.size()).arg(MinimumContrast);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("\n"))));
}

// At 2x an icon asked for 16x16 is 32x32 pixels drawn from the SVG, and the tray's badge has a pixmap
// of its own for the panel's pixels.
void TestContrast::iconsAndBadgeAreDrawnForTheDevicePixels()
{
    MainWindow window(&m_inbox->store(), QStringLiteral("test"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const qreal dpr = window.devicePixelRatio();
    const QPixmap archive = QIcon(QStringLiteral(":/ns-inbox/icons/archive.svg")).pixmap(QSize(16, 16), dpr);
    QCOMPARE(archive.size(), (QSizeF(16, 16) * dpr).toSize());
    QPixmap app(256, 256);
    app.fill(Qt::gray);
    QApplication::setWindowIcon(QIcon(app));
    auto *tray = new TrayIcon(&window, nullptr, true);
    tray->setUnreadCount(7);
    const QSize wanted = (QSizeF(22, 22) * dpr).toSize();
    const QList<QSize> sizes = tray->icon()->icon().availableSizes();
    QVERIFY2(sizes.contains(wanted) || std::any_of(sizes.cbegin(), sizes.cend(), [&](QSize s) { return s.width() >= wanted.width(); }),
             qPrintable(QStringLiteral("no badge pixmap of %1 pixels").arg(wanted.width())));
    // The panel's 22 px slot at this scale gets a pixmap at least as big: never scaled up.
    QVERIFY(tray->icon()->icon().pixmap(QSize(22, 22), dpr).width() >= wanted.width());
}

QTEST_MAIN(TestContrast)
#include "tst_contrast.moc"
