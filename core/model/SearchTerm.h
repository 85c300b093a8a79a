#pragma once

#include <QString>
#include <QVector>

#include <limits>

namespace ns {

/// One term of a search (see SearchQuery): a word or "phrase", or an operator with its value,
/// resolved to what it selects (state buckets, a time range, a number) when it was parsed.
struct SearchTerm
{
    enum class Kind {
        Text,      ///< Words (a phrase when more than one) in `field`; from:, subject:, body:, url: too.
        State,     ///< is: or in: — the messages whose state bucket (MessageBucket) is in `buckets`.
        HasLink,   ///< has:link — a reference URL is set.
        Date,      ///< before:, after:, on: — created in [fromMs, toMs).
        Partition, ///< partition:N
        Offset,    ///< offset:N
        Key,       ///< key:K — the Kafka key, exactly.
    };
    /// Where a Text term is looked for. Any is the subject or the body (what the search box always searched).
    enum class Field { Any, Subject, Body, Sender, Url };

    static constexpr qint64 Open = std::numeric_limits<qint64>::max(); ///< toMs of "after:": no end.
    static constexpr qint64 Unbounded = std::numeric_limits<qint64>::min(); ///< fromMs of "before:".

    Kind kind = Kind::Text;
    bool negated = false; ///< Written with a leading '-'.
    Field field = Field::Any;
    QString text;         ///< Text: the words as typed (quotes removed); Key: the key.
    bool quoted = false;  ///< Text: written in quotes.
    bool prefix = false;  ///< Text: `word*`, the last word is a prefix.
    bool folder = false;  ///< State: written as in: (so the caller's folder does not apply).
    QVector<int> buckets; ///< State: ascending.
    qint64 fromMs = Unbounded; ///< Date: ms since the epoch, UTC, inclusive.
    qint64 toMs = Open;        ///< Date: exclusive.
    qint64 number = 0;    ///< Partition, Offset.
    QString source;       ///< The term as typed, without its '-': for messages.
    int position = 0;     ///< Where it starts in the query text (QString index, the '-' included).
    int length = 0;
};

} // namespace ns
