#pragma once

#include <QString>

namespace rpcscope {

/// One side of a TCP connection as the user sees it: an address and a port.
struct Endpoint
{
    QString address;
    quint16 port = 0;

    /// "ip:port", with IPv6 addresses in brackets ("[::1]:8080").
    QString toString() const
    {
        // Concatenated rather than arg()-formatted: every call's JSON line writes two of these.
        if (address.contains(QLatin1Char(':')))
            return QLatin1Char('[') + address + QLatin1String("]:") + QString::number(port);
        return address + QLatin1Char(':') + QString::number(port);
    }
    bool operator==(const Endpoint&) const = default;
};

} // namespace rpcscope
