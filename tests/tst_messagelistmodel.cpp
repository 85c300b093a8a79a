// MessageListModel and MessageListProxy under QAbstractItemModelTester: sorting, filters, search,
// state changes and live inserts, checked against SQL.
#include "InboxRows.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListProxy.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace ns;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ns::InboxFilter)

namespace {

const QStringList words{u"invoice"_s, u"report"_s, u"Agreement"_s, u"access"_s, u"Dataset"_s, u"zebra"_s, u"\u00c9t\u00e9"_s};
const QStringList people{u"System Account"_s, u"Data Steward"_s, u"legal office"_s, u"Operations"_s};

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rawValuesAndHeaders();
    void everyChangeKeepsTheModelValid();
    void liveInsertsWhileSortedAndFiltered_data();
    void liveInsertsWhileSortedAndFiltered();
    void newestFirstArrivalsAreOneInsertAtTheTop();
    void persistentIndexesFollowTheirMessages();
    void archivingRemovesTheRow();
    void markAllReadInEveryShape();
    void theModelsConnectionRefusesWrites();
    void aFailedWriteIsToldAndTheRowGoesBack();
    void aFloodIsOneReset();
    void proxyFormats();
    void relativeDates();

private:
    void addRandom(int count, quint32 seed);
    QVector<qint64> oracle(const InboxViewSpec &spec);
    QVector<qint64> modelIds();

    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<MessageIndex> m_index;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<MessageListProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    std::unique_ptr<QSignalSpy> m_resets;
};

void TestMessageListModel::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY(m_inbox->isValid());
    addRandom(300, 1);
    // As in the window: the model reads through a read-only connection; a StoreWriter writes.
    m_index = std::make_unique<MessageIndex>(m_inbox->openReadOnly());
    m_writer = std::make_unique<StoreWriter>(m_inbox->path());
    m_model = std::make_unique<MessageListModel>(m_index.get(), m_writer.get());
    m_proxy = std::make_unique<MessageListProxy>();
    m_proxy->setSourceModel(m_model.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_resets = std::make_unique<QSignalSpy>(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
}

void TestMessageListModel::cleanup()
{
    // Never a reset, whatever the test did.
    QCOMPARE(m_resets->count(), 0);
    m_resets.reset();
    m_proxyTester.reset();
    m_tester.reset();
    m_proxy.reset();
    m_model.reset();
    m_writer.reset();
    m_index.reset();
    m_inbox.reset();
}

void TestMessageListModel::addRandom(int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    QVector<Message> batch;
    for (int i = 0; i < count; ++i) {
        const QString subject = words.at(rng.bounded(int(words.size()))) + u' ' + words.at(rng.bounded(int(words.size())));
        Message m = m_inbox->make(subject, u"body %1 %2"_s.arg(i).arg(words.at(rng.bounded(int(words.size())))),
                                  QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC).addSecs(rng.bounded(500) * 60),
                                  people.at(rng.bounded(int(people.size()))));
        m.isActive = rng.bounded(12) != 0;
        batch.append(m);
    }
    QVERIFY(m_inbox->add(batch));
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"UPDATE messages SET is_read = (abs(random()) % 3) > 0, is_archived = (abs(random()) % 6) = 0"
                   " WHERE id > (SELECT max(id) FROM messages) - %1"_s.arg(count)));
}

QVector<qint64> TestMessageListModel::oracle(const InboxViewSpec &spec)
{
    InboxRows fresh(m_index.get(), spec);
    QVector<qint64> ids;
    fresh.forEachIdChunk([&](const QVector<qint64> &chunk) {
        ids += chunk;
        return true;
    });
    // The view's own order must be SQL's too (tst_inboxview checks that thoroughly); here a
    // fresh view is the reference for what the live model should have become.
    return ids;
}

QVector<qint64> TestMessageListModel::modelIds()
{
    QVector<qint64> ids;
    for (int r = 0; r < m_model->rowCount(); ++r)
        ids.append(m_model->index(r, 0).data(MessageListModel::MessageIdRole).toLongLong());
    return ids;
}

void TestMessageListModel::rawValuesAndHeaders()
{
    QCOMPARE(m_model->columnCount(), int(MessageListModel::ColumnCount));
    QVERIFY(m_model->rowCount() > 100);
    const QModelIndex date = m_model->index(0, MessageListModel::DateColumn);
    QCOMPARE(date.data().metaType(), QMetaType::fromType<QDateTime>());
    QCOMPARE(m_model->index(0, MessageListModel::UnreadColumn).data().metaType(), QMetaType::fromType<bool>());
    QCOMPARE(m_model->headerData(MessageListModel::DateColumn, Qt::Horizontal, Qt::InitialSortOrderRole).value<Qt::SortOrder>(),
             Qt::DescendingOrder);
    QCOMPARE(modelIds(), oracle({}));
}

void TestMessageListModel::everyChangeKeepsTheModelValid()
{
    for (int column = 0; column < MessageListModel::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            m_proxy->sort(column, order); // Through the proxy, as the view does.
            InboxViewSpec spec = m_model->spec();
            QCOMPARE(modelIds(), oracle(spec));
        }
    }
    for (InboxFilter f : {InboxFilter::Unread, InboxFilter::Archived, InboxFilter::Inactive, InboxFilter::All, InboxFilter::Inbox}) {
        m_model->setFilter(f);
        QCOMPARE(m_model->spec().filter, f);
        QCOMPARE(modelIds(), oracle(m_model->spec()));
    }
    m_model->setSearchText(u"invoice"_s);
    QVERIFY(m_model->rows()->isSearch());
    QCOMPARE(modelIds(), oracle(m_model->spec()));
    m_model->sort(MessageListModel::SenderColumn, Qt::AscendingOrder);
    QCOMPARE(modelIds(), oracle(m_model->spec()));
    QVERIFY(m_model->setRead(0, !m_model->index(0, 0).data(MessageListModel::IsReadRole).toBool()));
    QVERIFY(m_writer->waitForIdle());
    m_model->setSearchText(QString());
    QVERIFY(!m_model->rows()->isSearch());
    QCOMPARE(modelIds(), oracle(m_model->spec()));
}

void TestMessageListModel::liveInsertsWhileSortedAndFiltered_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("ascending");
    QTest::addColumn<QString>("search");
    QTest::newRow("inbox by subject") << InboxFilter::Inbox << int(MessageListModel::SubjectColumn) << true << QString();
    QTest::newRow("unread by sender") << InboxFilter::Unread << int(MessageListModel::SenderColumn) << false << QString();
    QTest::newRow("all by unread") << InboxFilter::All << int(MessageListModel::UnreadColumn) << true << QString();
    QTest::newRow("archived oldest first") << InboxFilter::Archived << int(MessageListModel::DateColumn) << true << QString();
    QTest::newRow("search inbox by subject") << InboxFilter::Inbox << int(MessageListModel::SubjectColumn) << false << u"report"_s;
}

void TestMessageListModel::liveInsertsWhileSortedAndFiltered()
{
    QFETCH(InboxFilter, filter);
    QFETCH(int, column);
    QFETCH(bool, ascending);
    QFETCH(QString, search);
    m_model->setFilter(filter);
    m_model->sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    m_model->setSearchText(search);
    modelIds(); // Read everything once: the cached windows must follow the inserts.
    // A user's own state changes before the arrivals: rows that keep their place.
    if (m_model->rowCount() > 3)
        QVERIFY(m_model->toggleRead(2));
    QVERIFY(m_writer->waitForIdle());
    const QVector<qint64> before = modelIds();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy arrived(m_model.get(), &MessageListModel::messagesArrived);
    for (int burst = 0; burst < 3; ++burst) {
        addRandom(25, 100 + burst);
        m_model->refreshNewMessages();
        // The first burst lands among rows the view has all read: placed, never a reset. Later
        // ones may fall where inserts cut the cached windows, and then a reset is the design.
        if (burst == 0)
            QCOMPARE(arrived.count(), 1);
    }
    QCOMPARE(arrived.count() + m_resets->count(), 3);
    QCOMPARE(arrived.at(0).at(0).value<QVector<InboxRow>>().size(), 25);
    // Everything that was there still is, in the same relative order; the new rows are where a
    // fresh view puts them (the toggled row aside, which keeps its place).
    QVector<qint64> now = modelIds();
    QVector<qint64> old = now;
    old.removeIf([&](qint64 id) { return !before.contains(id); });
    QCOMPARE(old, before);
    if (m_resets->isEmpty()) {
        QCOMPARE(now.size(), before.size() + [&] {
            int n = 0;
            for (const QVariantList &args : inserted)
                n += args.at(2).toInt() - args.at(1).toInt() + 1;
            return n;
        }());
    }
    m_resets->clear(); // Counted above; cleanup() checks that nothing else reset the model.
    QVector<qint64> expected = oracle(m_model->spec());
    QVector<qint64> fresh = now;
    const qint64 toggled = before.size() > 2 ? before.at(2) : -1;
    fresh.removeIf([&](qint64 id) { return id == toggled; });
    expected.removeIf([&](qint64 id) { return id == toggled; });
    QCOMPARE(fresh, expected);
}

void TestMessageListModel::newestFirstArrivalsAreOneInsertAtTheTop()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVector<Message> batch;
    for (int i = 0; i < 5; ++i)
        batch.append(m_inbox->make(u"fresh %1"_s.arg(i), u"b"_s, QDateTime(QDate(2027, 1, 1), QTime(0, i), Qt::UTC)));
    QVERIFY(m_inbox->add(batch));
    QCOMPARE(m_model->refreshNewMessages(), 5);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    QCOMPARE(m_model->index(0, MessageListModel::SubjectColumn).data().toString(), u"fresh 4"_s);
    QCOMPARE(modelIds(), oracle(m_model->spec()));
}

void TestMessageListModel::persistentIndexesFollowTheirMessages()
{
    const QPersistentModelIndex kept = m_model->index(57, MessageListModel::SubjectColumn);
    const qint64 id = kept.data(MessageListModel::MessageIdRole).toLongLong();
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);
    for (int column : {int(MessageListModel::SubjectColumn), int(MessageListModel::SenderColumn), int(MessageListModel::UnreadColumn)}) {
        m_model->sort(column, Qt::AscendingOrder);
        QVERIFY(kept.isValid());
        QCOMPARE(kept.data(MessageListModel::MessageIdRole).toLongLong(), id);
        QCOMPARE(kept.row(), m_model->rowOfMessage(id));
    }
    QCOMPARE(layout.count(), 3);
}

void TestMessageListModel::archivingRemovesTheRow()
{
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    const qint64 id = m_model->messageIdAt(10);
    QVERIFY(m_model->setArchived(10, true));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 10);
    QCOMPARE(m_model->rowOfMessage(id), -1);
    QVERIFY(m_writer->waitForIdle());
    QCOMPARE(modelIds(), oracle(m_model->spec()));
    m_model->setFilter(InboxFilter::All);
    const int row = m_model->rowOfMessage(id);
    QVERIFY(row >= 0);
    QVERIFY(m_model->setArchived(row, false)); // Stays in "All".
    QCOMPARE(m_model->rowOfMessage(id), row);
    QCOMPARE(m_model->index(row, 0).data(MessageListModel::IsArchivedRole).toBool(), false);
}

// More than a window's worth at once: one reset (the view re-reads its first window), not a
// thousand placements; everything is there, in order, and the tester sees a consistent model.
void TestMessageListModel::aFloodIsOneReset()
{
    const int before = m_model->rowCount();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy arrived(m_model.get(), &MessageListModel::messagesArrived);
    addRandom(1000, 21);
    const int added = m_model->refreshNewMessages();
    QCOMPARE(added, m_model->rowCount() - before);
    QVERIFY(added > 500);
    QCOMPARE(m_resets->count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(arrived.count(), 0);
    QCOMPARE(modelIds(), oracle(m_model->spec()));
    m_resets->clear(); // Expected here; cleanup() checks that nothing else reset the model.
}

void TestMessageListModel::markAllReadInEveryShape()
{
    m_model->sort(MessageListModel::UnreadColumn, Qt::AscendingOrder);
    const QPersistentModelIndex kept = m_model->index(0, 0);
    const qint64 id = kept.data(MessageListModel::MessageIdRole).toLongLong();
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy stored(m_model.get(), &MessageListModel::changesStored);
    QVERIFY(m_model->markAllRead());
    // Sorted by unread state the rows move: placed once the store holds them read (the windows
    // read meanwhile come from its indexes), one layout change that keeps persistent indexes.
    QVERIFY(stored.wait());
    QCOMPARE(layout.count(), 1);
    QCOMPARE(kept.data(MessageListModel::MessageIdRole).toLongLong(), id);
    QVERIFY(stored.at(0).at(0).value<InboxCommandResult>().changed > 0);
    QCOMPARE(modelIds(), oracle(m_model->spec()));

    addRandom(40, 7);
    m_model->refreshNewMessages();
    m_model->setFilter(InboxFilter::Unread);
    QVERIFY(m_model->rowCount() > 0);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_model->markAllRead());
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_writer->waitForIdle());
    StoreError error;
    QCOMPARE(m_index->unreadCount(&error), 0);
}

// The UI thread's connection reads only: a write there fails, whatever the statement.
void TestMessageListModel::theModelsConnectionRefusesWrites()
{
    QSqlQuery q(m_index->database());
    QVERIFY(!q.exec(u"UPDATE messages SET is_read = 1"_s));
    QVERIFY2(q.lastError().text().contains(u"readonly"_s), qPrintable(q.lastError().text()));
    StoreError error;
    QVERIFY(!m_index->setRead(m_model->messageIdAt(0), !m_model->index(0, 0).data(MessageListModel::IsReadRole).toBool(),
                              &error));
    QCOMPARE(error.kind, StoreError::Kind::ReadOnly);
}

// The writer fails (a trigger refuses the change): the model says so once, and the row shows
// what the store holds again.
void TestMessageListModel::aFailedWriteIsToldAndTheRowGoesBack()
{
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"CREATE TRIGGER refuse BEFORE UPDATE OF is_read ON messages BEGIN SELECT RAISE(ABORT, 'refused'); END"_s));
    const qint64 id = m_model->messageIdAt(0);
    const bool read = m_model->index(0, 0).data(MessageListModel::IsReadRole).toBool();
    QSignalSpy failed(m_model.get(), &MessageListModel::storeFailed);
    QVERIFY(m_model->setRead(0, !read));
    QCOMPARE(m_model->index(0, 0).data(MessageListModel::IsReadRole).toBool(), !read); // Shown at once.
    QVERIFY(failed.wait());
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.at(0).at(0).value<StoreError>().text.contains(u"refused"_s),
             qPrintable(failed.at(0).at(0).value<StoreError>().text));
    const int row = m_model->rowOfMessage(id);
    QVERIFY(row >= 0);
    QCOMPARE(m_model->index(row, 0).data(MessageListModel::IsReadRole).toBool(), read); // Back.
    QCOMPARE(m_inbox->isRead(id), read);
    m_resets->clear(); // The rollback re-reads the rows (a reset), by design.
}

void TestMessageListModel::proxyFormats()
{
    // An unread row is bold in the proxy, and shows the dot; the raw model says only "unread".
    m_model->sort(MessageListModel::UnreadColumn, Qt::AscendingOrder);
    QVERIFY(!m_model->index(0, 0).data(MessageListModel::IsReadRole).toBool());
    QCOMPARE(m_proxy->index(0, MessageListModel::UnreadColumn).data().toString(), u"\u25CF"_s);
    QVERIFY(m_proxy->index(0, MessageListModel::SubjectColumn).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!m_model->index(0, MessageListModel::SubjectColumn).data(Qt::FontRole).isValid());
    QVERIFY(m_model->setRead(0, true));
    QVERIFY(!m_proxy->index(0, MessageListModel::SubjectColumn).data(Qt::FontRole).isValid());
    QVERIFY(m_writer->waitForIdle());
    QCOMPARE(MessageListProxy::oneLine(u"Line one\n\n  line\ttwo "_s), u"Line one line two"_s);
    m_proxy->setClock([] { return QDateTime(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC); });
    QVERIFY(!m_proxy->index(0, MessageListModel::DateColumn).data().toString().isEmpty());
}

void TestMessageListModel::relativeDates()
{
    const QDateTime now = QDateTime(QDate(2026, 5, 20), QTime(15, 0)); // Local time.
    QCOMPARE(MessageListProxy::formatDate(now.addSecs(-20), now), u"Just now"_s);
    QCOMPARE(MessageListProxy::formatDate(now.addSecs(-5 * 60), now), u"5 min ago"_s);
    QCOMPARE(MessageListProxy::formatDate(now.addSecs(-3 * 3600), now), u"3 h ago"_s);
    QVERIFY(MessageListProxy::formatDate(now.addDays(-1), now).startsWith(u"Yesterday"_s));
    QCOMPARE(MessageListProxy::formatDate(now.addDays(-40), now), QLocale().toString(now.addDays(-40).date(), QLocale::ShortFormat));
}

QTEST_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
