#include "QueueWakeup.h"

#include <librdkafka/rdkafka.h>

#include <fcntl.h>
#include <unistd.h>

namespace ns {

QueueWakeup::QueueWakeup(rd_kafka_queue_s *queue) : m_queue(queue)
{
    int fds[2];
    if (!m_queue || ::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return;
    m_read = fds[0];
    m_write = fds[1];
    static const char payload = '1';
    rd_kafka_queue_io_event_enable(m_queue, m_write, &payload, 1);
}

QueueWakeup::~QueueWakeup()
{
    if (m_queue) {
        if (m_write >= 0)
            rd_kafka_queue_io_event_enable(m_queue, -1, nullptr, 0); // Before the pipe closes.
        rd_kafka_queue_destroy(m_queue);
    }
    if (m_read >= 0)
        ::close(m_read);
    if (m_write >= 0)
        ::close(m_write);
}

void QueueWakeup::drain()
{
    if (m_read < 0)
        return;
    char buffer[256];
    while (::read(m_read, buffer, sizeof buffer) > 0) {
    }
}

} // namespace ns
