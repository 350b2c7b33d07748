#pragma once

#include "http/httpparser.h"

namespace rpcscope::http {

/// The head the HTTP framer parsed to cut a message: the decoder reads it instead of parsing it again.
struct HttpHeadNote : FrameNote
{
    const HttpHead* head = nullptr;
};

/// Frames both directions of one HTTP/1.x connection: requests from the client, responses from the server,
/// sharing what framing needs across directions (request methods for HEAD responses, protocol switches).
/// Keep-alive, pipelining, chunked bodies, interim 1xx responses and read-until-close all come from the parser.
class HttpFramer : public StreamFramer
{
public:
    FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) override;
    qint64 resync(Direction dir, QByteArrayView pending) override;
    const FrameNote* note(Direction dir) const override;

private:
    HttpExchange m_exchange;
    HttpHeadNote m_notes[2];
    HttpMessageParser m_parsers[2]
        = {HttpMessageParser(HttpHead::Kind::Request), HttpMessageParser(HttpHead::Kind::Response)};
};

} // namespace rpcscope::http
