#pragma once

#include "StoreError.h"

#include <QString>

namespace ns {

/// What checking the store at start found, and what was done about it.
struct StoreCheckReport
{
    enum class Outcome {
        Sound,   ///< The check found nothing wrong (or there is no file yet).
        Rebuilt, ///< The store was damaged: set aside, a new one made, to be filled from the broker.
        Failed,  ///< The store is damaged and could not be set aside: nothing can run on it.
    };
    Outcome outcome = Outcome::Sound;
    QString damage;          ///< What SQLite's check said (its first lines), when damaged.
    QString damagedCopy;     ///< Where the damaged file was kept.
    qint64 damagedMessages = -1; ///< Messages the damaged file still counted; -1: not readable.
    int savedOutbox = 0;     ///< Unsent composed messages carried into the new store.
    int savedStateChanges = 0; ///< This desktop's state changes not yet read back, carried over.
    bool outboxUnreadable = false; ///< The damaged outbox could not be read (whole or in part).
    bool checkComplete = true; ///< False when the check ran out of its time budget (a big store).
    StoreError error;        ///< Why it Failed.

    /// One paragraph for the user: what was damaged, what was kept, what could not be recovered.
    QString summary() const;
};

/// Checks an inbox file at start and, when it is damaged, rebuilds it.
///
/// The store is a copy of the user's topic and state topic, so a damaged one is rebuilt rather
/// than repaired: the damaged file is kept beside it ("<name>.damaged-<time>", with its -wal and
/// -shm), what a person wrote that exists nowhere else is saved from it first where it can be
/// read (the outbox's unsent messages, this desktop's state changes not read back yet, its desktop
/// id), and a new store is made; the ingest then reads what retention still holds from the
/// broker, and the state sync reads the state topic from its beginning.
///
/// The check is SQLite's quick_check, bounded in time (a few seconds; a big store is checked as
/// far as the budget goes, and a damaged page met later still fails its read with a clear error).
/// Run it once per process, before any other connection opens the file.
///
/// A damaged page met later (a read or a write failing with SQLITE_CORRUPT) asks for a whole check
/// at the next start (requestWholeCheck()): that check has no budget, so a restart does find the
/// damage and rebuilds, however big the store.
class StoreCheck
{
public:
    /// `ns-inbox ingest`'s budget.
    static constexpr int BudgetMs = 3000;
    /// The window checks a store this small whole at every start (tens of milliseconds); a bigger
    /// one only when a damaged page was met (a million messages took 9.4 s whole here, under load,
    /// and even a check cut short at 250 ms made the window's start 4.8 times slower: bench_startup).
    static constexpr qint64 WindowWholeCheckBytes = 8 * 1024 * 1024;

    /// `budgetMs` < 0: no bound. A whole check asked for runs without a bound, whatever `budgetMs`.
    static StoreCheckReport checkAndRecover(const QString &path, int budgetMs = BudgetMs);
    /// A damaged page was met while running: the next checkAndRecover() checks the whole store.
    /// A marker file beside the store (`<name>.check-whole`), so any process asks it of any other.
    static bool requestWholeCheck(const QString &path);
    /// The window's check at start: whole for a small store or when asked for, else none (a
    /// damaged page is then met by a read, which asks for the whole check at the next start).
    static StoreCheckReport checkAtWindowStart(const QString &path);

private:
    static QString wholeCheckMarker(const QString &path);
    static StoreCheckReport checkWithin(const QString &path, int budgetMs);
};

} // namespace ns
