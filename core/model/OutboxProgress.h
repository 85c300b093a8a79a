#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ns {

/// What the outbox is waiting for right now, so a slow fan-out is explained instead of silent.
struct OutboxProgress
{
    /// Records handed to the Kafka client whose delivery report has not come yet, topics that
    /// are being created excluded.
    int deliveryReports = 0;
    /// Records (in the client, or waiting to go again) for topics the cluster did not have: the
    /// broker creates them on the first record, which takes seconds for a thousand of them.
    int topicsToCreate = 0;
    /// Rows waiting for a resend after a pause (broker away, client replaced).
    int toResend = 0;

    bool isIdle() const { return deliveryReports == 0 && topicsToCreate == 0 && toResend == 0; }
    /// For people, e.g. "Waiting for the cluster to create 1000 topics and for 12 delivery reports";
    /// empty when idle.
    QString text() const;

    friend bool operator==(const OutboxProgress &, const OutboxProgress &) = default;
};

/// Decides when `ns-inbox send` prints what it waits for: not for a send that is over within a
/// second, then at most once a second and only when the text changes.
class OutboxProgressLines
{
    Q_DECLARE_TR_FUNCTIONS(ns::OutboxProgressLines)

public:
    static constexpr qint64 QuietMs = 1000;

    /// The line to print for `progress` at `elapsedMs` since the send began, if any.
    std::optional<QString> lineFor(const OutboxProgress &progress, qint64 elapsedMs);

private:
    QString m_lastText;
    qint64 m_lastPrintMs = -QuietMs;
};

} // namespace ns

Q_DECLARE_METATYPE(ns::OutboxProgress)
