#pragma once

#include <QColor>
#include <QPalette>

namespace ns {

/// Readable text colours from whatever palette the desktop gives: WCAG 2's contrast ratio, and a
/// dimmed ("secondary") text colour for dates, previews and the reading pane's details that keeps the
/// AA level for text, 4.5:1, against its background. A theme's PlaceholderText is often below it
/// (Qt's own default: 3.9:1 on a light window), since placeholders are not meant to be read.
class TextContrast
{
public:
    static constexpr double AA = 4.5;

    /// WCAG 2's contrast ratio of two opaque colours, 1 to 21.
    static double ratio(const QColor &a, const QColor &b);
    /// The palette's PlaceholderText as drawn on `background` (its alpha blended in), moved toward
    /// `text` as little as it takes to reach a little over AA on `background`.
    static QColor secondary(const QPalette &palette, const QColor &background, QPalette::ColorRole text);
    /// The palette's Highlight for a symbol (the unread marker) on `background`, moved toward `text`
    /// as little as it takes to reach AA for graphics, 3:1: a dark theme's selection colour, dark
    /// enough for white text on it, can vanish on a dark list.
    static QColor marker(const QPalette &palette, const QColor &background, QPalette::ColorRole text);
    /// `background` darkened (or lightened, for dark text) as little as it takes for `text` on it to
    /// reach a little over AA: a theme's selection colours as a badge (Qt's default pair is 3.7:1).
    static QColor behind(const QColor &background, const QColor &text);
};

} // namespace ns
