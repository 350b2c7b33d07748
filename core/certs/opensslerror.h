#pragma once

#include <QString>

namespace rpcscope {

/// The errors libcrypto/libssl queued on this thread, as one sentence ("" when none), and the queue cleared:
/// every failing OpenSSL call is reported with what OpenSSL said, and a stale error never leaks into the next.
QString takeOpenSslErrors();

} // namespace rpcscope
