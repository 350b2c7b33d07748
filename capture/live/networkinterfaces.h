#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace rpcscope {

/// A network interface live capture can open, as libpcap lists it.
struct NetworkInterface
{
    QString name;
    QString description;
    /// IPv4 and IPv6 addresses, e.g. "127.0.0.1/8", "::1/128".
    QStringList addresses;
    bool loopback = false;
    bool up = false;
    bool running = false;

    /// "lo (loopback, up): 127.0.0.1/8, ::1/128".
    QString describe() const;
};

/// The interfaces libpcap can capture on (pcap_findalldevs), with their addresses. Listing needs no rights, but
/// some interfaces may be missing without them.
Result<std::vector<NetworkInterface>> listNetworkInterfaces();

/// Checks a BPF filter expression without capturing (compiled for `linkType`, Ethernet by default): libpcap's
/// error verbatim when the expression is wrong. An empty filter is valid (everything is captured).
Status validateBpfFilter(const QString& filter, int linkType = 1);

} // namespace rpcscope
