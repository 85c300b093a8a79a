// The rejected messages view lists each rejected record with its coordinates and reason.
#include "RejectedMessagesDialog.h"
#include "RejectedMessagesModel.h"
#include "TestInbox.h"

#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

using namespace ns;
using namespace Qt::StringLiterals;

class TestRejectedMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsCoordinatesAndReasons();
    void printableBytes();
};

void TestRejectedMessages::listsCoordinatesAndReasons()
{
    TestInbox inbox;
    IngestBatch batch;
    RejectedMessage notJson;
    notJson.kafkaTopic = u"topic-a"_s;
    notJson.kafkaPartition = 2;
    notJson.kafkaOffset = 41;
    notJson.rawValue = "not json {";
    notJson.rawSize = notJson.rawValue.size();
    notJson.reason = RejectReason::NotJson;
    notJson.detail = u"the value is not JSON"_s;
    RejectedMessage tooLong = notJson;
    tooLong.kafkaOffset = 42;
    tooLong.reason = RejectReason::SubjectTooLong;
    tooLong.detail = u"\"subject\" is longer than 255 characters"_s;
    tooLong.kafkaKey = QByteArray("key\x01");
    batch.rejected = {notJson, tooLong};
    BatchResult result;
    StoreError error;
    QVERIFY(inbox.store().writeBatch(batch, &result, &error));

    RejectedMessagesDialog dialog(&inbox.store());
    RejectedMessagesModel *model = dialog.model();
    QCOMPARE(model->rowCount(), 2);
    auto cell = [&](int row, int column) { return model->index(row, column).data().toString(); };
    // Newest first.
    QCOMPARE(cell(0, RejectedMessagesModel::OffsetColumn), u"42"_s);
    QCOMPARE(cell(0, RejectedMessagesModel::PartitionColumn), u"2"_s);
    QCOMPARE(cell(0, RejectedMessagesModel::TopicColumn), u"topic-a"_s);
    QCOMPARE(cell(0, RejectedMessagesModel::ReasonColumn), u"subject_too_long"_s);
    QCOMPARE(cell(0, RejectedMessagesModel::DetailColumn), tooLong.detail);
    QCOMPARE(cell(0, RejectedMessagesModel::KeyColumn), u"key\\x01"_s);
    QCOMPARE(cell(1, RejectedMessagesModel::ReasonColumn), u"not_json"_s);
    dialog.show();
    dialog.table()->selectRow(1);
    const auto *raw = dialog.findChild<QPlainTextEdit *>();
    QVERIFY(raw->toPlainText().contains(u"not json {"_s));
    QVERIFY(raw->toPlainText().contains(u"offset 41"_s));
}

void TestRejectedMessages::printableBytes()
{
    QCOMPARE(RejectedMessagesModel::printable("a\x01\nb"), u"a\\x01\nb"_s);
    QCOMPARE(RejectedMessagesModel::printable("\xff\xfe" "ok"), u"\\xff\\xfeok"_s);
    QCOMPARE(RejectedMessagesModel::printable("caf\xc3\xa9"), u"caf\u00e9"_s);
}

QTEST_MAIN(TestRejectedMessages)
#include "tst_rejectedmessages.moc"
