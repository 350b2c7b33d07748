#include "composedfromcall.h"

#include "http/httphead.h"
#include "pyro/pyro4/pyro4header.h"

namespace rpcscope {

namespace {

QString hostText(const Endpoint& e)
{
    return e.address.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(e.address) : e.address;
}

} // namespace

Result<ComposedCall> composedFromCall(const Call& call)
{
    if (call.method().isEmpty() || call.method().startsWith(QLatin1Char('<')))
        return Error {QStringLiteral("call %1 has no method to send again").arg(call.id)};
    ComposedCall out;
    out.method = call.method();
    out.params = call.params().toArray();
    if (call.protocol == QLatin1String("xmlrpc")) {
        QString path = QStringLiteral("/RPC2");
        if (call.request) {
            const QByteArray& bytes = call.request->bytes();
            const qint64 headEnd = http::findHeadEnd(bytes, 0);
            if (headEnd > 0) {
                Result<http::HttpHead> head
                    = http::parseHead(QByteArrayView(bytes).first(headEnd), http::HttpHead::Kind::Request);
                if (head && head->target.startsWith('/'))
                    path = QString::fromLatin1(head->target);
            }
        }
        out.endpoint = QStringLiteral("http://%1:%2%3").arg(hostText(call.server)).arg(call.server.port).arg(path);
        return out;
    }
    if (call.protocol == QLatin1String("pyro4")) {
        out.endpoint = QStringLiteral("PYRO:%1@%2:%3").arg(call.object(), hostText(call.server)).arg(call.server.port);
        out.kwargs = call.kwargs().toStruct();
        if (call.request) {
            if (std::optional<Pyro4Header> header = Pyro4Header::read(call.request->bytes())) {
                if (header->serializerId == pyro4::SerJson)
                    out.serializer = QStringLiteral("json");
            }
        }
        return out;
    }
    return Error {QStringLiteral("the composer cannot send %1 calls").arg(call.protocol)};
}

} // namespace rpcscope
