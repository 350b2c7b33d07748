// Fuzz target: one framed HTTP message taken apart (head, chunked body, gzip/deflate content coding) as a request
// or a response. The first input byte picks which.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "http/httpmessage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    DecodedMessage message;
    message.buffers.push_back(in.rest().toByteArray());
    DecodeLimits limits;
    // Small limits so the fuzzer reaches them (a body that inflates past the limit, too many header bytes).
    limits.maxMessageBytes = 1 << 16;
    limits.maxHeaderBytes = 1 << 12;
    const http::HttpHead::Kind kind = (choice & 1) ? http::HttpHead::Kind::Response : http::HttpHead::Kind::Request;
    const QByteArray bytes = message.buffers.front();
    const http::HttpMessageParts parts = http::readHttpMessage(bytes, kind, message, &message.tree, limits);
    fuzz::checkMessage(message);
    if (parts.bodyBuffer < 0 || static_cast<std::size_t>(parts.bodyBuffer) >= message.buffers.size())
        fuzz::fail("http: the body names a buffer that does not exist");
    return 0;
}
