#include "TextContrast.h"

#include <algorithm>
#include <cmath>

namespace ns {
namespace {

double channel(double v)
{
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

QColor mix(const QColor &from, const QColor &to, double t)
{
    return QColor::fromRgbF(static_cast<float>(from.redF() + (to.redF() - from.redF()) * t),
                            static_cast<float>(from.greenF() + (to.greenF() - from.greenF()) * t),
                            static_cast<float>(from.blueF() + (to.blueF() - from.blueF()) * t));
}

/// `from` moved toward `to` in twentieths until it reaches `wanted` against `background`.
QColor towards(const QColor &from, const QColor &to, const QColor &background, double wanted)
{
    for (int step = 0; step <= 20; ++step) {
        const QColor candidate = mix(from, to, step / 20.0);
        if (TextContrast::ratio(candidate, background) >= wanted)
            return candidate;
    }
    return to; // The theme's own text colour is as far as it goes.
}

} // namespace

double TextContrast::ratio(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor TextContrast::secondary(const QPalette &palette, const QColor &background, QPalette::ColorRole text)
{
    // A margin over 4.5: anti-aliased glyphs rarely reach their colour in full.
    constexpr double Wanted = AA + 0.3;
    const QColor placeholder = palette.color(QPalette::PlaceholderText);
    const QColor drawn = mix(background, placeholder, placeholder.alphaF()); // As painted over the background.
    return towards(drawn, palette.color(text), background, Wanted);
}

QColor TextContrast::behind(const QColor &background, const QColor &text)
{
    const QColor away = ratio(text, Qt::black) > ratio(text, Qt::white) ? QColor(Qt::black) : QColor(Qt::white);
    for (int step = 0; step <= 20; ++step) {
        const QColor candidate = mix(background, away, step / 20.0);
        if (ratio(text, candidate) >= AA + 0.3)
            return candidate;
    }
    return away;
}

QColor TextContrast::marker(const QPalette &palette, const QColor &background, QPalette::ColorRole text)
{
    return towards(palette.color(QPalette::Highlight), palette.color(text), background, 3.3);
}

} // namespace ns
