// Broker operations the integration tests need that neither kafka-python 2.0.2 nor kcat offers:
// a transactional producer that commits and aborts batches, and DeleteRecords (what retention does
// to a partition's oldest records, on demand). librdkafka's own APIs, from the C library.
//
//   ns_kafka_tool transactions BOOTSTRAP TOPIC BATCHES PER_BATCH ABORT_EVERY
//       BATCHES transactions of PER_BATCH seed-format messages each; every ABORT_EVERY-th one
//       (1-based; 0: none) is aborted. Prints one JSON line per message: subject and "committed".
//   ns_kafka_tool delete-records BOOTSTRAP TOPIC PARTITION BEFORE_OFFSET
//       Deletes the records of the partition below BEFORE_OFFSET; prints the new low watermark.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "ns_kafka_tool: %s\n", what.c_str());
    std::exit(1);
}

void check(rd_kafka_error_t *error, const char *what)
{
    if (!error)
        return;
    const std::string text = std::string(what) + ": " + rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    fail(text);
}

rd_kafka_conf_t *config(const char *bootstrap)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512];
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) != RD_KAFKA_CONF_OK)
        fail(err);
    return conf;
}

int transactions(const char *bootstrap, const char *topic, int batches, int perBatch, int abortEvery)
{
    rd_kafka_conf_t *conf = config(bootstrap);
    char err[512];
    const std::string id = "ns-test-txn-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    if (rd_kafka_conf_set(conf, "transactional.id", id.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
        fail(err);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!producer)
        fail(err);
    check(rd_kafka_init_transactions(producer, 30000), "init_transactions");
    rd_kafka_topic_t *handle = rd_kafka_topic_new(producer, topic, nullptr);
    for (int b = 1; b <= batches; ++b) {
        const bool abort = abortEvery > 0 && b % abortEvery == 0;
        check(rd_kafka_begin_transaction(producer), "begin_transaction");
        for (int i = 0; i < perBatch; ++i) {
            const std::string subject = "txn " + std::to_string(b) + "." + std::to_string(i) + (abort ? " aborted" : " committed");
            const std::string value = "{\"ns-message\": {\"subject\": \"" + subject + "\", \"body\": \"batch " + std::to_string(b)
                                      + "\", \"reference_url\": \"\", \"is_active\": true}}";
            // rd_kafka_produce(), not producev(): its macros are GNU statement expressions (-Wpedantic).
            if (rd_kafka_produce(handle, 0, RD_KAFKA_MSG_F_COPY, const_cast<char *>(value.data()), value.size(), nullptr, 0, nullptr) != 0)
                fail(std::string("produce: ") + rd_kafka_err2str(rd_kafka_last_error()));
            std::printf("{\"subject\": \"%s\", \"committed\": %s}\n", subject.c_str(), abort ? "false" : "true");
        }
        if (abort) {
            rd_kafka_flush(producer, 30000); // Written to the log, then aborted: the hard case for readers.
            check(rd_kafka_abort_transaction(producer, 30000), "abort_transaction");
        } else {
            check(rd_kafka_commit_transaction(producer, 30000), "commit_transaction");
        }
    }
    rd_kafka_topic_destroy(handle);
    rd_kafka_destroy(producer);
    return 0;
}

int deleteRecords(const char *bootstrap, const char *topic, int partition, long long before)
{
    char err[512];
    rd_kafka_t *admin = rd_kafka_new(RD_KAFKA_PRODUCER, config(bootstrap), err, sizeof err);
    if (!admin)
        fail(err);
    rd_kafka_topic_partition_list_t *offsets = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(offsets, topic, partition)->offset = before;
    rd_kafka_DeleteRecords_t *request = rd_kafka_DeleteRecords_new(offsets);
    rd_kafka_topic_partition_list_destroy(offsets);
    rd_kafka_queue_t *queue = rd_kafka_queue_new(admin);
    rd_kafka_DeleteRecords(admin, &request, 1, nullptr, queue);
    rd_kafka_DeleteRecords_destroy(request);
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue, 60000);
    if (!event)
        fail("DeleteRecords: no answer within 60 s");
    if (rd_kafka_event_error(event))
        fail(std::string("DeleteRecords: ") + rd_kafka_event_error_string(event));
    const rd_kafka_topic_partition_list_t *result =
        rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(event));
    if (!result || result->cnt != 1 || result->elems[0].err)
        fail(std::string("DeleteRecords: ") + (result && result->cnt ? rd_kafka_err2str(result->elems[0].err) : "no result"));
    std::printf("{\"low\": %lld}\n", static_cast<long long>(result->elems[0].offset));
    rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_destroy(admin);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 7 && std::strcmp(argv[1], "transactions") == 0)
        return transactions(argv[2], argv[3], std::atoi(argv[4]), std::atoi(argv[5]), std::atoi(argv[6]));
    if (argc == 6 && std::strcmp(argv[1], "delete-records") == 0)
        return deleteRecords(argv[2], argv[3], std::atoi(argv[4]), std::atoll(argv[5]));
    std::fprintf(stderr, "usage: ns_kafka_tool transactions BOOTSTRAP TOPIC BATCHES PER_BATCH ABORT_EVERY\n"
                         "       ns_kafka_tool delete-records BOOTSTRAP TOPIC PARTITION BEFORE_OFFSET\n");
    return 2;
}
