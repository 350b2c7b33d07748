#pragma once

#include <QString>

namespace rpcscope {

/// The libpcap version string, for `--version` and the About box.
QString pcapLibraryVersion();

} // namespace rpcscope
