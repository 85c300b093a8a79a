#pragma once

#include <QRandomGenerator>
#include <QString>
#include <QStringList>

/// Messages that look like real mail for the benchmarks: subjects of many kinds in no sort order,
/// bodies of varied length drawn from a Zipf-like vocabulary, a score of senders, links to several
/// hosts, dates with jitter. A counter ("Request N approved", in order) is the cheapest case for the
/// store's sort and full-text indexes; this is what a person's inbox gets.
class BenchMail
{
public:
    static const QStringList &senders();
    static const QStringList &projects();
    static const QStringList &sentences();
    /// 6,000 pseudo-words; drawn with zipfWords() they give the full-text index a realistic shape.
    static const QStringList &vocabulary();
    static QString zipfWords(QRandomGenerator &rng, const QStringList &words, int n);

    /// Message `i` of `count` as the web service's JSON envelope (json.dumps of the ns-message
    /// object), with created_by, a reference_url for most and a created_date within the week
    /// before `endMs` (ms since the epoch, UTC). Deterministic for a given `rng` state. The last
    /// (i == count - 1) is titled "Request <i> approved", the needle bench_catchup searches for.
    static QByteArray wireValue(qint64 i, qint64 count, qint64 endMs, QRandomGenerator &rng);
};
