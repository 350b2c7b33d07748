#pragma once

#include "intercept/pyroendpointedits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// The pickle literals the pickle walker of rewritePyroEndpoints reads and writes (see pyropayloadwalkers.h).
namespace rpcscope::pyroendpoints {

/// The text of a protocol-0 UNICODE line (raw-unicode-escape: \uXXXX and \UXXXXXXXX, every other byte Latin-1).
QString rawUnicodeUnescape(QByteArrayView line);
/// `value` as a literal of the family of the opcode at `templateOffset` in `payload`: UNICODE lines for UNICODE,
/// SHORT_BINUNICODE while it fits 255 bytes, else BINUNICODE (BINUNICODE8 for BINUNICODE8); ints as INT or LONG
/// lines for those, else the smallest of BININT1, BININT2, BININT, as Python's pickler chooses. Empty when the
/// value does not fit.
QByteArray pickleLiteral(QByteArrayView payload, const Scalar& value, qint64 templateOffset);

} // namespace rpcscope::pyroendpoints
