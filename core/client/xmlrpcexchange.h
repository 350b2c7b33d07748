#pragma once

#include "client/callexchange.h"
#include "http/httpparser.h"

namespace rpcscope {

/// One XML-RPC call over HTTP/1.1: POSTs the body (written from method and params, or the raw body given), reads
/// one response (Content-Length, chunked or until close; gzip undone) and decodes it.
class XmlRpcExchange : public CallExchange
{
    Q_OBJECT
public:
    XmlRpcExchange(ComposedCall call, QObject* parent = nullptr);

    /// The HTTP request the call is sent as (for "copy as raw HTTP"), or why it cannot be written.
    static Result<QByteArray> httpRequest(const ComposedCall& call);

protected:
    void begin() override;
    void connected() override;
    void received(bool ended) override;

private:
    void complete(const QByteArray& bytes);

    QByteArray m_requestBytes;
    http::HttpMessageParser m_parser {http::HttpHead::Kind::Response};
    http::HttpExchange m_http;
};

} // namespace rpcscope
