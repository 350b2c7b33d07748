#include "httpcontentcoding.h"

#include "httphead.h"

#include <zlib.h>

#include <limits>

namespace rpcscope::http {

namespace {
struct InflateStream
{
    z_stream zs {};
    bool open = false;
    ~InflateStream()
    {
        if (open)
            inflateEnd(&zs);
    }
};

bool looksLikeZlib(QByteArrayView in)
{
    if (in.size() < 2)
        return false;
    const auto cmf = static_cast<quint8>(in[0]);
    const auto flg = static_cast<quint8>(in[1]);
    return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}
} // namespace

ContentCoding contentCoding(QByteArrayView value)
{
    const QByteArrayView v = value.trimmed();
    if (v.isEmpty() || equalsIgnoringCase(v, "identity"))
        return ContentCoding::Identity;
    if (equalsIgnoringCase(v, "gzip") || equalsIgnoringCase(v, "x-gzip"))
        return ContentCoding::Gzip;
    if (equalsIgnoringCase(v, "deflate"))
        return ContentCoding::Deflate;
    return ContentCoding::Unsupported;
}

Result<InflatedBody> inflateBody(QByteArrayView input, ContentCoding coding, qint64 maxBytes)
{
    InflatedBody out;
    if (coding == ContentCoding::Identity) {
        if (input.size() > maxBytes)
            return Error {QStringLiteral("body exceeds the limit of %1 bytes").arg(maxBytes)};
        out.data = input.toByteArray();
        out.format = QStringLiteral("identity");
        return out;
    }
    if (coding == ContentCoding::Unsupported)
        return Error {QStringLiteral("unsupported content coding")};
    if (input.size() > std::numeric_limits<uInt>::max())
        return Error {QStringLiteral("compressed body too large")};

    int windowBits = 0;
    if (coding == ContentCoding::Gzip) {
        windowBits = 15 + 32; // gzip, or zlib from servers that mislabel it
        out.format = looksLikeZlib(input) ? QStringLiteral("zlib") : QStringLiteral("gzip");
    } else if (looksLikeZlib(input)) {
        windowBits = 15;
        out.format = QStringLiteral("zlib");
    } else {
        windowBits = -15;
        out.format = QStringLiteral("raw deflate");
    }

    InflateStream s;
    if (inflateInit2(&s.zs, windowBits) != Z_OK)
        return Error {QStringLiteral("zlib could not be initialised")};
    s.open = true;
    s.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    s.zs.avail_in = static_cast<uInt>(input.size());

    // Start small and double: the compressed size says little about the inflated size, and a claimed size is
    // never trusted. One byte past the limit is enough to know the limit is exceeded.
    QByteArray& data = out.data;
    data.resize(std::min<qint64>(maxBytes + 1, std::max<qint64>(input.size() * 4, 4096)));
    qint64 produced = 0;
    while (true) {
        if (produced == data.size()) {
            if (produced > maxBytes)
                return Error {QStringLiteral("inflated body exceeds the limit of %1 bytes").arg(maxBytes)};
            data.resize(std::min<qint64>(maxBytes + 1, data.size() * 2));
        }
        s.zs.next_out = reinterpret_cast<Bytef*>(data.data() + produced);
        s.zs.avail_out = static_cast<uInt>(std::min<qint64>(data.size() - produced, std::numeric_limits<uInt>::max()));
        const uInt before = s.zs.avail_out;
        const uInt inBefore = s.zs.avail_in;
        const int ret = inflate(&s.zs, Z_NO_FLUSH);
        produced += before - s.zs.avail_out;
        const bool progressed = before != s.zs.avail_out || inBefore != s.zs.avail_in;
        if (ret == Z_STREAM_END) {
            // Another gzip member may follow (RFC 1952 allows concatenation); anything else is ignored.
            if (coding == ContentCoding::Gzip && s.zs.avail_in >= 2 && s.zs.next_in[0] == 0x1F
                && s.zs.next_in[1] == 0x8B) {
                inflateReset(&s.zs);
                continue;
            }
            break;
        }
        if (ret == Z_OK || ret == Z_BUF_ERROR) {
            if (s.zs.avail_in == 0 && s.zs.avail_out > 0)
                return Error {QStringLiteral("the %1 data is truncated (ends after %2 inflated bytes)")
                                  .arg(out.format)
                                  .arg(produced)};
            if (!progressed && s.zs.avail_out > 0)
                return Error {QStringLiteral("corrupt %1 data: no progress").arg(out.format)};
            continue;
        }
        return Error {
            QStringLiteral("corrupt %1 data: %2")
                .arg(out.format, s.zs.msg ? QString::fromLatin1(s.zs.msg) : QStringLiteral("error %1").arg(ret))};
    }
    if (produced > maxBytes)
        return Error {QStringLiteral("inflated body exceeds the limit of %1 bytes").arg(maxBytes)};
    data.resize(produced);
    return out;
}

} // namespace rpcscope::http
