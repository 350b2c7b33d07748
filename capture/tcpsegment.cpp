#include "tcpsegment.h"

#include <QHostAddress>

namespace rpcscope {

IpAddress IpAddress::fromString(const QString& text)
{
    QHostAddress host;
    if (!host.setAddress(text))
        return {};
    if (host.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v = host.toIPv4Address();
        const quint8 b[4] = {quint8(v >> 24), quint8(v >> 16), quint8(v >> 8), quint8(v)};
        return v4(b);
    }
    const Q_IPV6ADDR v6addr = host.toIPv6Address();
    return v6(v6addr.c);
}

QString IpAddress::toString() const
{
    if (version == 4) {
        // Built by hand: this runs once per connection, but QHostAddress would be a detour for four numbers.
        return QStringLiteral("%1.%2.%3.%4").arg(bytes[0]).arg(bytes[1]).arg(bytes[2]).arg(bytes[3]);
    }
    if (version == 6) {
        Q_IPV6ADDR a;
        std::memcpy(a.c, bytes, 16);
        return QHostAddress(a).toString();
    }
    return {};
}

} // namespace rpcscope
