#include "RowWindowCache.h"

#include <algorithm>

namespace ns {

const InboxRow *RowWindowCache::find(int row)
{
    for (Window &w : m_windows) {
        if (row >= w.first && row < w.end()) {
            w.used = ++m_clock;
            return &w.rows.at(row - w.first);
        }
    }
    return nullptr;
}

int RowWindowCache::rowOfId(qint64 id) const
{
    for (const Window &w : m_windows) {
        for (qsizetype i = 0; i < w.rows.size(); ++i) {
            if (w.rows.at(i).id == id)
                return w.first + static_cast<int>(i);
        }
    }
    return -1;
}

void RowWindowCache::add(Window window)
{
    if (window.rows.isEmpty())
        return;
    window.used = ++m_clock;
    if (m_windows.size() >= m_capacity) {
        auto oldest = std::min_element(m_windows.begin(), m_windows.end(),
                                       [](const Window &a, const Window &b) { return a.used < b.used; });
        m_windows.erase(oldest);
    }
    m_windows.append(std::move(window));
}

void RowWindowCache::inserted(int row, int count)
{
    for (qsizetype i = m_windows.size() - 1; i >= 0; --i) {
        Window &w = m_windows[i];
        if (w.first >= row) {
            w.first += count;
        } else if (w.end() > row) {
            const qsizetype keep = row - w.first;
            w.rows.resize(keep);
            if (!w.keys.isEmpty())
                w.keys.resize(keep);
        }
    }
}

void RowWindowCache::removed(int row)
{
    for (qsizetype i = m_windows.size() - 1; i >= 0; --i) {
        Window &w = m_windows[i];
        if (w.first > row) {
            --w.first;
        } else if (w.end() > row) {
            const qsizetype at = row - w.first;
            w.rows.remove(at);
            if (!w.keys.isEmpty())
                w.keys.remove(at);
            if (w.rows.isEmpty())
                m_windows.remove(i);
        }
    }
}

} // namespace ns
