#pragma once

#include "call.h"

#include <QString>

namespace rpcscope {

/// "Call 1 · request · XML-RPC · 333 bytes": which message of which call an explanation is about.
QString explainHeading(const Call& call, Direction direction, const QString& protocolName);

/// The request or response of `call` (decoded with trees) as an annotated hex dump, headed by `explainHeading`
/// and the call's summary: `rpcscope-cli explain --format text` and the window's Copy as Annotated Text. Empty
/// when the call has no such message.
QString annotatedMessageText(const Call& call, Direction direction, const QString& protocolName);

/// The request or response of `call` (decoded with trees) as one self-contained HTML page (see explainHtml):
/// `rpcscope-cli explain --format html` and the window's File → Export Message as HTML…. `source` (the capture
/// file) is named under the title when given. Empty when the call has no such message.
QString messagePageHtml(const Call& call, Direction direction, const QString& protocolName, const QString& source);

} // namespace rpcscope
