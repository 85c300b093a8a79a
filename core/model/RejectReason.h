#pragma once

#include <QString>

namespace ns {

/// Why a record was rejected. Stored by name (see rejectReasonName), so the order may change.
enum class RejectReason {
    Tombstone,
    Oversize,
    InvalidUtf8,
    NotJson,
    TooDeep,
    NotAnObject,
    MissingEnvelope,
    EnvelopeNotAnObject,
    MissingSubject,
    SubjectNotString,
    EmptySubject,
    SubjectTooLong,
    MissingBody,
    BodyNotString,
    EmptyBody,
    ReferenceUrlNotString,
    IsActiveNotBoolean,
    OptionalFieldWrongType,
    InvalidKey, ///< No longer given (a key never costs its message); kept for rows stored before.
};

/// Stable machine name of a reason, e.g. "subject_too_long".
QString rejectReasonName(RejectReason reason);
/// Inverse of rejectReasonName; false for an unknown name.
bool rejectReasonFromName(const QString &name, RejectReason *reason);

} // namespace ns
