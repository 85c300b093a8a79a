#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <optional>

namespace ns {

/// What a connection test found, step by step, in the order a client connects.
struct ProbeReport
{
    Q_DECLARE_TR_FUNCTIONS(ns::ProbeReport)

public:
    enum class Step { NameResolution, TcpConnection, TlsHandshake, Authentication, TopicAccess };
    enum class Outcome {
        Passed,
        Failed,
        Skipped, ///< Not needed (no TLS, no SASL) or not tried after a failure.
        Notice,  ///< Fine, but worth saying: the topic does not exist yet.
    };
    struct StepResult
    {
        Step step = Step::NameResolution;
        Outcome outcome = Outcome::Skipped;
        QString message;
    };

    QVector<StepResult> steps;

    /// The step that failed, if any: there is at most one, the steps after it are skipped.
    std::optional<StepResult> failure() const;
    bool succeeded() const { return !steps.isEmpty() && !failure(); }
    /// One line for the user, e.g. "TLS handshake failed: ...".
    QString summary() const;

    static QString stepName(Step step);
};

} // namespace ns

Q_DECLARE_METATYPE(ns::ProbeReport)
Q_DECLARE_METATYPE(ns::ProbeReport::StepResult)
