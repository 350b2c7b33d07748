#pragma once

#include "http/httpparser.h"

namespace rpcscope::http {

/// Frames both directions of one HTTP/1.x connection: requests from the client, responses from the server,
/// sharing what framing needs across directions (request methods for HEAD responses, protocol switches).
/// Keep-alive, pipelining, chunked bodies, interim 1xx responses and read-until-close all come from the parser.
class HttpFramer : public StreamFramer
{
public:
    FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) override;
    qint64 resync(Direction dir, QByteArrayView pending) override;

private:
    HttpExchange m_exchange;
    HttpMessageParser m_parsers[2]
        = {HttpMessageParser(HttpHead::Kind::Request), HttpMessageParser(HttpHead::Kind::Response)};
};

} // namespace rpcscope::http
