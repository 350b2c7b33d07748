// Fuzz target: the chunked transfer coding (scanned incrementally and de-chunked at once, which must agree) and
// the gzip/deflate content codings with an output limit. The first input byte picks the coding and the split.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "http/httpchunked.h"
#include "http/httpcontentcoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    using namespace rpcscope::http;
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    const QByteArrayView body = in.rest();
    constexpr qint64 maxData = 1 << 16;
    constexpr qint64 maxTrailer = 1 << 10;

    const DechunkedBody whole = dechunk(body, maxData, maxTrailer);
    if (whole.data.size() > maxData)
        fuzz::fail("dechunk kept more than its limit");
    // The scanner fed the body in growing prefixes must end where a single pass ends.
    ChunkedScanner scanner;
    ChunkedScanner::Status status = ChunkedScanner::Status::NeedMore;
    const qint64 step = 1 + (choice >> 2);
    for (qint64 n = std::min<qint64>(step, body.size()); status == ChunkedScanner::Status::NeedMore; n += step) {
        n = std::min<qint64>(n, body.size());
        status = scanner.scan(body.first(n), maxData, maxTrailer);
        if (n == body.size())
            break;
    }
    ChunkedScanner once;
    const ChunkedScanner::Status onceStatus = once.scan(body, maxData, maxTrailer);
    if (status != onceStatus || scanner.position() != once.position())
        fuzz::fail("chunked scan differs when the body arrives in pieces");
    if ((onceStatus == ChunkedScanner::Status::Done) != whole.complete)
        fuzz::fail("dechunk and the scanner disagree about completeness");

    const ContentCoding codings[] = {ContentCoding::Gzip, ContentCoding::Deflate, ContentCoding::Identity};
    const Result<InflatedBody> inflated = inflateBody(body, codings[choice % 3], maxData);
    if (inflated.ok() && inflated->data.size() > maxData)
        fuzz::fail("inflateBody produced more than its limit");
    return 0;
}
