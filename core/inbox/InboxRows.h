#pragma once

#include "InboxRowSource.h"

#include <memory>

namespace ns {

/// The rows of the inbox list for one filter, search and sort, read a window at a time from the
/// store: what the list model (and an export) asks for a count, the row at a position, where a
/// message is, and what arrived.
///
/// It holds the row source the spec calls for (InboxRowSource::open(): the bucket indexes, or a
/// full-text search's matches) and passes every question on to it.
class InboxRows
{
public:
    using InsertRun = InboxRowSource::InsertRun;
    using Arrivals = InboxRowSource::Arrivals;
    using BulkEffect = InboxRowSource::BulkEffect;
    using FailureHandler = InboxRowSource::FailureHandler;
    static constexpr int WindowSize = InboxRowSource::WindowSize;

    /// Reads a snapshot of the store (newest id, counts) and, for a search, its matches.
    /// `onFailure` hears of the first failed read of the store (see InboxRowSource::failure()).
    InboxRows(MessageIndex *index, InboxViewSpec spec, FailureHandler onFailure = {})
        : m_source(InboxRowSource::open(index, std::move(spec), std::move(onFailure)))
    {
    }

    const InboxViewSpec &spec() const { return m_source->spec(); }
    bool isSearch() const { return m_source->isSearch(); }
    int count() const { return m_source->count(); }
    /// More rows follow count() (a search read by pages): readMore() then showMore() bring them.
    bool canFetchMore() const { return m_source->canFetchMore(); }
    int readMore() { return m_source->readMore(); }
    void showMore() { m_source->showMore(); }
    qint64 maxId() const { return m_source->maxId(); }
    const StoreError &failure() const { return m_source->failure(); }

    /// See InboxRowSource for what each of these does.
    const InboxRow *row(int row) { return m_source->row(row); }
    qint64 idAt(int row) { return m_source->idAt(row); }
    int rowOf(qint64 id) { return m_source->rowOf(id); }
    int nextUnread(int from, bool forward, StoreError *error) { return m_source->nextUnread(from, forward, error); }

    Arrivals planArrivals() { return m_source->planArrivals(); }
    void applyRun(const InsertRun &run) { m_source->applyRun(run); }
    void reload(const QVector<qint64> &anchors = {}) { m_source->reload(anchors); }

    bool setRead(int row, bool read, StoreError *error) { return m_source->setRead(row, read, error); }
    void applyRead(int row, bool read) { m_source->applyRead(row, read); }
    bool archiveLeaves(int row, bool archived) { return m_source->archiveLeaves(row, archived); }
    bool writeArchived(int row, bool archived, StoreError *error) { return m_source->writeArchived(row, archived, error); }
    void applyArchived(int row, bool archived) { m_source->applyArchived(row, archived); }
    bool snoozeLeaves(int row, qint64 untilMs) { return m_source->snoozeLeaves(row, untilMs); }
    bool writeSnoozed(int row, qint64 untilMs, StoreError *error) { return m_source->writeSnoozed(row, untilMs, error); }
    void applySnoozed(int row, qint64 untilMs) { m_source->applySnoozed(row, untilMs); }
    void removeRow(int row) { m_source->removeRow(row); }
    int cachedRowOf(qint64 id) const { return m_source->cachedRowOf(id); }
    void applyBucket(int row, int bucket) { m_source->applyBucket(row, bucket); }

    BulkEffect markAllReadEffect() const { return m_source->markAllReadEffect(); }
    qint64 writeAllRead(StoreError *error) { return m_source->writeAllRead(error); }
    void applyAllRead() { m_source->applyAllRead(); }
    InboxCommand allReadCommand() { return m_source->allReadCommand(); }
    qint64 markAllRead(StoreError *error)
    {
        const qint64 n = writeAllRead(error);
        if (n >= 0)
            applyAllRead();
        return n;
    }

    void removeAllRows() { m_source->removeAllRows(); }
    /// Re-orders the same rows (not for a search: make new rows for the new spec instead).
    void setSort(const InboxSort &sort) { m_source->setSort(sort); }

    /// False when `chunk` said stop or a read failed (then failure() says why).
    bool forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize = 500)
    {
        return m_source->forEachIdChunk(chunk, chunkSize);
    }

private:
    std::unique_ptr<InboxRowSource> m_source;
};

} // namespace ns
