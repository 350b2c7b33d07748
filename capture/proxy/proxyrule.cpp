#include "proxyrule.h"

namespace rpcscope {

QString HostPort::toString() const
{
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

Result<HostPort> HostPort::parse(const QString& text, bool portZeroAllowed)
{
    const QString trimmed = text.trimmed();
    QString host;
    QString portText;
    if (trimmed.startsWith(QLatin1Char('['))) {
        const qsizetype close = trimmed.indexOf(QLatin1Char(']'));
        if (close < 0 || close + 1 >= trimmed.size() || trimmed[close + 1] != QLatin1Char(':'))
            return Error {QStringLiteral("'%1' is not HOST:PORT (write IPv6 addresses as [::1]:PORT)").arg(text)};
        host = trimmed.mid(1, close - 1);
        portText = trimmed.mid(close + 2);
    } else {
        const qsizetype colon = trimmed.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return Error {QStringLiteral("'%1' is not HOST:PORT (the port is missing)").arg(text)};
        host = trimmed.left(colon);
        portText = trimmed.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return Error {QStringLiteral("'%1' is not HOST:PORT (write IPv6 addresses as [::1]:PORT)").arg(text)};
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535 || (port == 0 && !portZeroAllowed))
        return Error {QStringLiteral("'%1' has no valid port (1-65535)").arg(text)};
    if (host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    return HostPort {host, static_cast<quint16>(port)};
}

QString ProxyRule::describe() const
{
    if (httpProxy)
        return QStringLiteral("%1 → (HTTP proxy)").arg(listen.toString());
    if (tls.enabled)
        return QStringLiteral("%1 → %2 (TLS%3)")
            .arg(listen.toString(), target.toString(),
                 tls.upstreamInsecure               ? QStringLiteral(", upstream not verified")
                     : tls.upstreamCaFile.isEmpty() ? QString()
                                                    : QStringLiteral(", upstream CA %1").arg(tls.upstreamCaFile));
    return QStringLiteral("%1 → %2").arg(listen.toString(), target.toString());
}

} // namespace rpcscope
