#include "fieldpalette.h"

#include <algorithm>
#include <cmath>

namespace rpcscope::fieldpalette {

namespace {

// One channel of the HSL to RGB conversion (CSS Color 3, §4.2.4), with hue as a fraction of a turn.
double channel(double m1, double m2, double hue)
{
    if (hue < 0)
        hue += 1;
    if (hue > 1)
        hue -= 1;
    if (hue * 6 < 1)
        return m1 + (m2 - m1) * hue * 6;
    if (hue * 2 < 1)
        return m2;
    if (hue * 3 < 2)
        return m1 + (m2 - m1) * (2.0 / 3.0 - hue) * 6;
    return m1;
}

quint32 byte(double v)
{
    return quint32(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
}

} // namespace

quint32 hslToRgb(int hue, int saturation, int lightness)
{
    const double h = double(((hue % 360) + 360) % 360) / 360.0;
    const double s = std::clamp(saturation, 0, 255) / 255.0;
    const double l = std::clamp(lightness, 0, 255) / 255.0;
    const double m2 = l <= 0.5 ? l * (s + 1) : l + s - l * s;
    const double m1 = l * 2 - m2;
    return (byte(channel(m1, m2, h + 1.0 / 3.0)) << 16) | (byte(channel(m1, m2, h)) << 8)
        | byte(channel(m1, m2, h - 1.0 / 3.0));
}

quint32 fieldRgb(int index, bool dark)
{
    // Hues a golden angle apart stay distinct for the dozen or so fields a legend shows.
    const int hue = int(index * 137.508) % 360;
    return dark ? hslToRgb(hue, 110, 68) : hslToRgb(hue, 170, 212);
}

} // namespace rpcscope::fieldpalette
