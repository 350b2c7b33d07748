#pragma once

#include "messagespans.h"

#include <QString>

namespace rpcscope {

/// A short name for a span in a hex dump: the field's name (with its value when its bytes are not text), or what
/// the bytes are ("<params>", "</int>", "CRLF", "blank line", "indent").
QString spanLabel(const ExplainSpan& span, QByteArrayView bytes);

/// The message as a hex dump, `bytesPerLine` bytes a line (offset, hex, text), each line followed by the spans it
/// shows, in order: `rpcscope-cli explain --format text` and the window's Copy as Annotated Text. `heading` is the
/// first line. A span that goes on from the line before starts with "…", one that goes on to the next ends with it.
QString explanationText(const QByteArray& bytes, const MessageExplanation& explanation, const QString& heading,
                        int bytesPerLine = 16);

} // namespace rpcscope
