#pragma once

#include <QtGlobal>

namespace rpcscope::fieldpalette {

/// The tint of the `index`-th field when bytes are coloured by field, as 0xRRGGBB: the hex pane's colours
/// (themecolors::fieldColor) and those of `rpcscope-cli explain --format html`, so a page printed from the command
/// line looks like the window. `dark` picks the variant for dark backgrounds.
quint32 fieldRgb(int index, bool dark = false);

/// An HSL colour (hue 0-359, saturation and lightness 0-255, as QColor::fromHsl takes them) as 0xRRGGBB.
quint32 hslToRgb(int hue, int saturation, int lightness);

} // namespace rpcscope::fieldpalette
