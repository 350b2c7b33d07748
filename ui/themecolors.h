#pragma once

#include "message.h"

#include <QColor>
#include <QPalette>

namespace rpcscope {

/// Colours that carry meaning (call status, errors, field tints), chosen for the palette in use so that they stay
/// readable on light and dark themes alike. Nothing else in the UI hard-codes colours.
namespace themecolors {

bool isDark(const QPalette& palette);
/// Text colour for a call status on the palette's base colour; invalid (use the normal text colour) for ok.
QColor statusText(CallStatus status, const QPalette& palette);
/// Text colour for errors (filter errors, error nodes).
QColor errorText(const QPalette& palette);
/// A soft background that says "something is wrong" behind normal text.
QColor errorBackground(const QPalette& palette);
/// Background of rows the user marked.
QColor markedBackground(const QPalette& palette);
/// Background tint of the `index`-th field when the hex pane is coloured by field.
QColor fieldColor(int index, const QPalette& palette);

} // namespace themecolors
} // namespace rpcscope
