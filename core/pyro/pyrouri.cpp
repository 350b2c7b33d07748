#include "pyrouri.h"

namespace rpcscope {

namespace {
// "host:port", "[v6]:port" or "host" (when the port may be left out); false if it does not parse.
bool parseLocation(const QString& location, bool portOptional, QString& host, quint16& port)
{
    QString portText;
    if (location.startsWith(QLatin1Char('['))) {
        const qsizetype close = location.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        host = location.mid(1, close - 1);
        const QString rest = location.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(QLatin1Char(':')))
            return false;
        portText = rest.mid(1);
    } else {
        const qsizetype colon = location.lastIndexOf(QLatin1Char(':'));
        host = colon < 0 ? location : location.left(colon);
        portText = colon < 0 ? QString() : location.mid(colon + 1);
    }
    if (host.isEmpty())
        return false;
    if (portText.isEmpty())
        return portOptional;
    bool ok = false;
    const uint number = portText.toUInt(&ok);
    if (!ok || number == 0 || number > 65535)
        return false;
    port = quint16(number);
    return true;
}

QString hostText(const QString& host)
{
    return host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
}
} // namespace

Result<PyroUri> PyroUri::parse(const QString& text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString scheme = text.left(colon).toUpper();
    if (colon < 0 || (scheme != QLatin1String("PYRO") && scheme != QLatin1String("PYRONAME")))
        return Error {
            QStringLiteral("not a Pyro URI (PYRO:object@host:port or PYRONAME:name[@host:port]): \"%1\"").arg(text)};
    PyroUri uri;
    uri.byName = scheme == QLatin1String("PYRONAME");
    const QString rest = text.mid(colon + 1);
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    uri.object = at < 0 ? rest : rest.left(at);
    if (uri.object.isEmpty())
        return Error {uri.byName ? QStringLiteral("the URI \"%1\" names no object to look up").arg(text)
                                 : QStringLiteral("the Pyro URI \"%1\" has no object@host:port part").arg(text)};
    if (uri.byName) {
        uri.host = QStringLiteral("localhost");
        uri.port = kNameServerPort;
        if (at >= 0 && !parseLocation(rest.mid(at + 1), true, uri.host, uri.port))
            return Error {QStringLiteral("the name server location in \"%1\" is not host[:port]").arg(text)};
        return uri;
    }
    if (at < 0)
        return Error {QStringLiteral("the Pyro URI \"%1\" has no object@host:port part").arg(text)};
    const QString location = rest.mid(at + 1);
    if (location.startsWith(QLatin1String("./u:")))
        return Error {QStringLiteral("the Pyro URI \"%1\" names a Unix socket, which is not supported").arg(text)};
    if (!parseLocation(location, false, uri.host, uri.port))
        return Error {QStringLiteral("the Pyro URI \"%1\" has no valid host:port").arg(text)};
    return uri;
}

QString PyroUri::toString() const
{
    return QStringLiteral("%1:%2@%3:%4")
        .arg(byName ? QStringLiteral("PYRONAME") : QStringLiteral("PYRO"), object, hostText(host))
        .arg(port);
}

std::optional<QString> PyroUri::textOf(const RpcValue& value)
{
    if (!value.isStruct())
        return std::nullopt;
    QString cls = value.tag();
    if (const RpcValue* c = value.member(u"__class__"); cls.isEmpty() && c)
        cls = c->toString();
    if (cls != QLatin1String("Pyro4.core.URI") && cls != QLatin1String("Pyro5.core.URI"))
        return std::nullopt;
    const RpcValue* state = value.member(u"state");
    if (!state || !state->isArray() || state->toArray().size() != 5)
        return std::nullopt;
    const RpcArray& s = state->toArray();
    const QString protocol = s[0].toString();
    const QString object = s[1].toString();
    if (!s[2].isNil())
        return QStringLiteral("%1:%2@./u:%3").arg(protocol, object, s[2].toString());
    if (s[4].isNil())
        return QStringLiteral("%1:%2").arg(protocol, object);
    return QStringLiteral("%1:%2@%3:%4").arg(protocol, object, hostText(s[3].toString())).arg(s[4].toInt());
}

} // namespace rpcscope
