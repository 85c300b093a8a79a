#pragma once

struct rd_kafka_queue_s;

namespace ns {

/// A pipe that librdkafka writes to when one of its queues gets something to serve (a record, a
/// delivery report, an error, statistics): rd_kafka_queue_io_event_enable(). A worker watches
/// readDescriptor() with a QSocketNotifier and sleeps until then, instead of waking every few
/// milliseconds to poll the queue with a timeout.
///
/// librdkafka writes when an op lands on a queue that was empty (2.0.2: on every such op), so a
/// reader drains the pipe first and then serves the queue until it is empty; an op that lands in
/// between writes again and costs one spare wake-up, never a missed one.
class QueueWakeup
{
public:
    /// Takes `queue` (a handle from rd_kafka_queue_get_main/consumer(), destroyed here); it must be
    /// the queue the others are forwarded to. isValid() is false when no pipe could be made.
    explicit QueueWakeup(rd_kafka_queue_s *queue);
    ~QueueWakeup();
    QueueWakeup(const QueueWakeup &) = delete;
    QueueWakeup &operator=(const QueueWakeup &) = delete;

    bool isValid() const { return m_read >= 0; }
    /// Readable while librdkafka has signalled since the last drain(); -1 when not valid.
    int readDescriptor() const { return m_read; }
    /// Empties the pipe; call before serving the queue.
    void drain();

private:
    rd_kafka_queue_s *m_queue = nullptr;
    int m_read = -1;
    int m_write = -1;
};

} // namespace ns
