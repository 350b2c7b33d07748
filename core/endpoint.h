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
        if (address.contains(QLatin1Char(':')))
            return QStringLiteral("[%1]:%2").arg(address).arg(port);
        return QStringLiteral("%1:%2").arg(address).arg(port);
    }
    bool operator==(const Endpoint&) const = default;
};

} // namespace rpcscope
