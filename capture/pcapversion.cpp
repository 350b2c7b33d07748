#include "pcapversion.h"

#include <pcap.h>

namespace rpcscope {

QString pcapLibraryVersion()
{
    return QString::fromLatin1(pcap_lib_version());
}

} // namespace rpcscope
