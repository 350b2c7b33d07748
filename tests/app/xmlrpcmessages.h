#pragma once
// Test helper: XML-RPC requests and responses byte for byte as Python 3.11's xmlrpc.client and
// SimpleXMLRPCServer (HTTP/1.1) put them on the wire, for synthetic captures.

#include <QByteArray>

namespace rpcscope::test {

inline QByteArray xmlrpcRequest(const QByteArray& method, int a, int b)
{
    const QByteArray body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method
        + "</methodName>\n<params>\n<param>\n<value><int>" + QByteArray::number(a)
        + "</int></value>\n</param>\n<param>\n<value><int>" + QByteArray::number(b)
        + "</int></value>\n</param>\n</params>\n</methodCall>\n";
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept-Encoding: gzip\r\nContent-Type: text/xml\r\n"
           "User-Agent: Python-xmlrpc/3.11\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

inline QByteArray xmlrpcResponse(int value)
{
    const QByteArray body = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>"
        + QByteArray::number(value) + "</int></value>\n</param>\n</params>\n</methodResponse>\n";
    return "HTTP/1.1 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nContent-type: text/xml\r\nContent-length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace rpcscope::test
