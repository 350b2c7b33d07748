#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace rpcscope {

/// The TLS key-log texts in the Decryption Secrets Blocks of a pcapng file (what `editcap --inject-secrets
/// tls,KEYS` writes), in file order. libpcap skips these blocks, so they are read here, walking block headers only.
/// Empty for a pcap file, a pcapng file without such blocks, or a stream (standard input, a pipe), which cannot be
/// read twice. A damaged block structure ends the walk: libpcap reports the damage when it reads the packets.
std::vector<QByteArray> readPcapngTlsSecrets(const QString& path);

} // namespace rpcscope
