#pragma once

#include "messagespans.h"

#include <QByteArray>

namespace rpcscope {

/// `{"length": L, "spans": [{"offset", "length", "path", "role", "value", "description"}, ...]}` on one line:
/// `rpcscope-cli explain --format json`.
QByteArray explanationJson(const MessageExplanation& explanation);

} // namespace rpcscope
