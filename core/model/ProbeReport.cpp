#include "ProbeReport.h"

namespace ns {

std::optional<ProbeReport::StepResult> ProbeReport::failure() const
{
    for (const StepResult &s : steps) {
        if (s.outcome == Outcome::Failed)
            return s;
    }
    return std::nullopt;
}

QString ProbeReport::summary() const
{
    if (const auto failed = failure())
        return tr("%1 failed: %2").arg(stepName(failed->step), failed->message);
    if (steps.isEmpty())
        return tr("Not tested.");
    const StepResult &last = steps.constLast();
    if (last.outcome == Outcome::Notice)
        return tr("Connection works. %1").arg(last.message);
    return tr("Connection works: %1").arg(last.message);
}

QString ProbeReport::stepName(Step step)
{
    switch (step) {
    case Step::NameResolution: return tr("Name resolution");
    case Step::TcpConnection: return tr("TCP connection");
    case Step::TlsHandshake: return tr("TLS handshake");
    case Step::Authentication: return tr("Authentication");
    case Step::TopicAccess: return tr("Access to your topic");
    }
    return {};
}

} // namespace ns
