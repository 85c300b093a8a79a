#include "RejectReason.h"

#include <array>
#include <utility>

namespace ns {
namespace {

constexpr std::array<std::pair<RejectReason, const char *>, 19> Names{{
    {RejectReason::Tombstone, "tombstone"},
    {RejectReason::Oversize, "oversize"},
    {RejectReason::InvalidUtf8, "invalid_utf8"},
    {RejectReason::NotJson, "not_json"},
    {RejectReason::TooDeep, "too_deep"},
    {RejectReason::NotAnObject, "not_an_object"},
    {RejectReason::MissingEnvelope, "missing_envelope"},
    {RejectReason::EnvelopeNotAnObject, "envelope_not_an_object"},
    {RejectReason::MissingSubject, "missing_subject"},
    {RejectReason::SubjectNotString, "subject_not_string"},
    {RejectReason::EmptySubject, "empty_subject"},
    {RejectReason::SubjectTooLong, "subject_too_long"},
    {RejectReason::MissingBody, "missing_body"},
    {RejectReason::BodyNotString, "body_not_string"},
    {RejectReason::EmptyBody, "empty_body"},
    {RejectReason::ReferenceUrlNotString, "reference_url_not_string"},
    {RejectReason::IsActiveNotBoolean, "is_active_not_boolean"},
    {RejectReason::OptionalFieldWrongType, "optional_field_wrong_type"},
    {RejectReason::InvalidKey, "invalid_key"},
}};

} // namespace

QString rejectReasonName(RejectReason reason)
{
    for (const auto &[r, name] : Names) {
        if (r == reason)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("unknown");
}

bool rejectReasonFromName(const QString &name, RejectReason *reason)
{
    for (const auto &[r, n] : Names) {
        if (name == QLatin1String(n)) {
            *reason = r;
            return true;
        }
    }
    return false;
}

} // namespace ns
