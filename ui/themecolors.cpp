#include "themecolors.h"

#include "explain/fieldpalette.h"

namespace rpcscope::themecolors {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor statusText(CallStatus status, const QPalette& palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case CallStatus::Ok:
        return {};
    case CallStatus::Fault:
    case CallStatus::Exception:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x1d, 0x1d);
    case CallStatus::Malformed:
        return dark ? QColor(0xf0, 0x88, 0xd8) : QColor(0x9c, 0x1f, 0x86);
    case CallStatus::NoReply:
        return dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x8a, 0x5a, 0x00);
    case CallStatus::Pending:
        return dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x1f, 0x5f, 0xb0);
    case CallStatus::Encrypted:
        return dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x57, 0x60, 0x6a);
    }
    return {};
}

QColor errorText(const QPalette& palette)
{
    return statusText(CallStatus::Fault, palette);
}

QColor errorBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xfd, 0xe2, 0xe0);
}

QColor markedBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x4d, 0x44, 0x10) : QColor(0xff, 0xf0, 0xa8);
}

QColor fieldColor(int index, const QPalette& palette)
{
    // One palette for the window and the pages `rpcscope-cli explain` writes (core/explain/fieldpalette.h).
    return QColor::fromRgb(fieldpalette::fieldRgb(index, isDark(palette)));
}

} // namespace rpcscope::themecolors
