#pragma once

#include "InboxRow.h"
#include "MessageIndex.h"

#include <QVector>

namespace ns {

/// The few windows of rows a view has read, least recently used first out.
///
/// Windows are contiguous runs of rows at known positions; their keys are the anchors a view
/// seeks from. Rows inserted or removed before a window shift it, so nothing is re-read.
class RowWindowCache
{
public:
    struct Window
    {
        int segment = 0;
        int first = 0;
        QVector<InboxRow> rows;
        QVector<MessageIndex::Key> keys; ///< One per row; empty when the view needs no anchors.
        quint64 used = 0;

        int end() const { return first + static_cast<int>(rows.size()); }
    };

    explicit RowWindowCache(int capacity = 32) : m_capacity(capacity) {}

    /// The cached row at `row`, or nullptr; a hit makes its window the most recently used.
    const InboxRow *find(int row);
    void add(Window window);
    /// The position of the message `id` if a window holds it, else -1.
    int rowOfId(qint64 id) const;
    void clear() { m_windows.clear(); }
    const QVector<Window> &windows() const { return m_windows; }

    /// `count` rows were inserted at `row`: later windows move down; one that spanned `row` is cut there.
    void inserted(int row, int count);
    /// The row at `row` was removed.
    void removed(int row);
    /// Updates every cached copy of the message `id`.
    template<typename F>
    void update(qint64 id, F &&change)
    {
        for (Window &w : m_windows) {
            for (InboxRow &r : w.rows) {
                if (r.id == id)
                    change(r);
            }
        }
    }
    template<typename F>
    void updateAll(F &&change)
    {
        for (Window &w : m_windows) {
            for (InboxRow &r : w.rows)
                change(r);
        }
    }

private:
    int m_capacity;
    quint64 m_clock = 0;
    QVector<Window> m_windows;
};

} // namespace ns
