#include "copyas.h"

#include "client/xmlrpcexchange.h"
#include "xmlrpc/xmlrpcwriter.h"

#include <QRegularExpression>

#include <cmath>

namespace rpcscope::copyas {

namespace {

QString shellQuote(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString pythonString(const QString& s)
{
    QString out = QStringLiteral("'");
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\'':
            out += QStringLiteral("\\'");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('\'');
}

Result<QByteArray> xmlBody(const ComposedCall& call)
{
    if (!call.rawBody.isEmpty())
        return call.rawBody;
    return XmlRpcWriter::writeCall(call.method, call.params);
}

Status needXmlRpc(const ComposedCall& call)
{
    if (call.isPyro())
        return Error {QStringLiteral("this is a Pyro4 call; copy it as a Python Pyro4 snippet")};
    return Done {};
}

// The `ssl` context a Python snippet passes for the call's TLS choice, as lines that define `context`; empty when
// the defaults (verify against the system's CAs) are what the call does.
QString pythonSslContext(const ComposedCall& call)
{
    if (call.insecure)
        return QStringLiteral("context = ssl.create_default_context()\n"
                              "context.check_hostname = False\n"
                              "context.verify_mode = ssl.CERT_NONE\n");
    if (!call.caFile.isEmpty())
        return QStringLiteral("context = ssl.create_default_context(cafile=%1)\n").arg(pythonString(call.caFile));
    return {};
}

QString argumentList(const RpcArray& params)
{
    QStringList args;
    for (const RpcValue& p : params)
        args << pythonLiteral(p);
    return args.join(QStringLiteral(", "));
}

} // namespace

QString pythonLiteral(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        return QStringLiteral("None");
    case RpcValue::Type::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case RpcValue::Type::Int:
        return QString::number(v.toInt());
    case RpcValue::Type::BigInt:
        return v.toBigInt().digits;
    case RpcValue::Type::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            return QStringLiteral("float('nan')");
        if (std::isinf(d))
            return d < 0 ? QStringLiteral("float('-inf')") : QStringLiteral("float('inf')");
        return QString::fromLatin1(formatDouble(d));
    }
    case RpcValue::Type::Decimal:
        return QStringLiteral("decimal.Decimal(%1)").arg(pythonString(v.toDecimal().text));
    case RpcValue::Type::String:
        return pythonString(v.toString());
    case RpcValue::Type::Bytes: {
        QString out = QStringLiteral("b'");
        for (const char c : v.toBytes()) {
            const uchar u = uchar(c);
            if (u >= 0x20 && u < 0x7f && c != '\\' && c != '\'')
                out += QLatin1Char(c);
            else
                out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        }
        return out + QLatin1Char('\'');
    }
    case RpcValue::Type::DateTime:
        return QStringLiteral("xmlrpc.client.DateTime(%1)").arg(pythonString(v.toDateTime().text));
    case RpcValue::Type::Array: {
        QStringList items;
        for (const RpcValue& item : v.toArray())
            items << pythonLiteral(item);
        if (v.tag() == QLatin1String("tuple"))
            return items.size() == 1 ? QStringLiteral("(%1,)").arg(items[0])
                                     : QStringLiteral("(%1)").arg(items.join(QStringLiteral(", ")));
        return QStringLiteral("[%1]").arg(items.join(QStringLiteral(", ")));
    }
    case RpcValue::Type::Struct: {
        QStringList members;
        for (const RpcMember& m : v.toStruct())
            members << QStringLiteral("%1: %2").arg(pythonString(m.first), pythonLiteral(m.second));
        return QStringLiteral("{%1}").arg(members.join(QStringLiteral(", ")));
    }
    case RpcValue::Type::Map: {
        QStringList entries;
        for (const RpcMapEntry& e : v.toMap())
            entries << QStringLiteral("%1: %2").arg(pythonLiteral(e.first), pythonLiteral(e.second));
        return QStringLiteral("{%1}").arg(entries.join(QStringLiteral(", ")));
    }
    }
    return QStringLiteral("None");
}

Result<QString> curl(const ComposedCall& call)
{
    if (Status s = needXmlRpc(call); !s)
        return Error {s.error()};
    Result<QByteArray> body = xmlBody(call);
    if (!body)
        return Error {body.error()};
    QString tls;
    if (call.usesTls() && call.insecure)
        tls = QStringLiteral("-k ");
    else if (call.usesTls() && !call.caFile.isEmpty())
        tls = QStringLiteral("--cacert %1 ").arg(shellQuote(call.caFile));
    return QStringLiteral("curl -sS %1-H 'Content-Type: text/xml' --data-binary %2 %3")
        .arg(tls, shellQuote(QString::fromUtf8(*body)), shellQuote(call.endpoint));
}

Result<QString> pythonXmlRpc(const ComposedCall& call)
{
    if (Status s = needXmlRpc(call); !s)
        return Error {s.error()};
    const QString context = call.usesTls() ? pythonSslContext(call) : QString();
    const QString imports = context.isEmpty() ? QString() : QStringLiteral(", ssl");
    if (!call.rawBody.isEmpty()) {
        return QStringLiteral("import urllib.request, xmlrpc.client%1\n"
                              "%2"
                              "body = %3.encode()\n"
                              "request = urllib.request.Request(%4, data=body, headers={'Content-Type': 'text/xml'})\n"
                              "print(xmlrpc.client.loads(urllib.request.urlopen(request%5).read())[0][0])\n")
            .arg(imports, context, pythonString(QString::fromUtf8(call.rawBody)), pythonString(call.endpoint),
                 context.isEmpty() ? QString() : QStringLiteral(", context=context"));
    }
    // Attribute access cannot spell every method name (dots are fine: proxy.system.listMethods).
    static const QRegularExpression identifierPath(
        QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"));
    const QString callee = identifierPath.match(call.method).hasMatch()
        ? QStringLiteral("proxy.%1").arg(call.method)
        : QStringLiteral("getattr(proxy, %1)").arg(pythonString(call.method));
    return QStringLiteral("import xmlrpc.client%1\n"
                          "%2"
                          "proxy = xmlrpc.client.ServerProxy(%3, allow_none=True, use_builtin_types=True%4)\n"
                          "print(%5(%6))\n")
        .arg(imports, context, pythonString(call.endpoint),
             context.isEmpty() ? QString() : QStringLiteral(", context=context"), callee, argumentList(call.params));
}

Result<QString> pythonPyro4(const ComposedCall& call)
{
    if (!call.isPyro())
        return Error {QStringLiteral("this is an XML-RPC call; copy it as curl or a Python xmlrpc.client snippet")};
    QStringList args;
    if (!call.params.empty())
        args << argumentList(call.params);
    for (const RpcMember& kw : call.kwargs)
        args << QStringLiteral("%1=%2").arg(kw.first, pythonLiteral(kw.second));
    QString tls;
    if (call.pyroTls) {
        tls = QStringLiteral("Pyro4.config.SSL = True\n");
        if (call.insecure) {
            // Pyro4 has no setting for it; its cached client context is the one its proxies use.
            tls = QStringLiteral("import ssl, Pyro4.socketutil\n") + tls
                + QStringLiteral("context = Pyro4.socketutil.getSSLcontext()\n"
                                 "context.check_hostname = False\n"
                                 "context.verify_mode = ssl.CERT_NONE\n");
        } else if (!call.caFile.isEmpty()) {
            tls += QStringLiteral("Pyro4.config.SSL_CACERTS = %1\n").arg(pythonString(call.caFile));
        }
    }
    return QStringLiteral("import Pyro4\n"
                          "Pyro4.config.SERIALIZER = %1\n"
                          "%2"
                          "proxy = Pyro4.Proxy(%3)\n"
                          "print(getattr(proxy, %4)(%5))\n")
        .arg(pythonString(call.serializer), tls, pythonString(call.endpoint), pythonString(call.method),
             args.join(QStringLiteral(", ")));
}

Result<QString> rawHttp(const ComposedCall& call)
{
    if (Status s = needXmlRpc(call); !s)
        return Error {s.error()};
    Result<QByteArray> request = XmlRpcExchange::httpRequest(call);
    if (!request)
        return Error {request.error()};
    return QString::fromUtf8(*request);
}

} // namespace rpcscope::copyas
