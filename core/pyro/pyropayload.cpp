#include "pyropayload.h"

#include "pyro/marshalreader.h"
#include "pyro/msgpackreader.h"
#include "pyro/pickledisassembler.h"
#include "pyro/pyrojsonreader.h"
#include "pyro/serpentparser.h"

#include <zlib.h>

namespace rpcscope {

bool PyroPayload::canRead(pyro::Serializer serializer)
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
    case pyro::Serializer::Json:
    case pyro::Serializer::Marshal:
    case pyro::Serializer::Pickle:
    case pyro::Serializer::Dill:
    case pyro::Serializer::Cloudpickle:
    case pyro::Serializer::Msgpack:
        return true;
    default:
        return false;
    }
}

PyReadResult PyroPayload::read(pyro::Serializer serializer, QByteArrayView bytes, qint64 base,
                               const DecodeLimits& limits, DecodeNode* tree)
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
        return SerpentParser::parse(bytes, base, limits, tree);
    case pyro::Serializer::Json:
        return PyroJsonReader::parse(bytes, base, limits, tree);
    case pyro::Serializer::Marshal:
        return MarshalReader::parse(bytes, base, limits, tree);
    case pyro::Serializer::Pickle:
    case pyro::Serializer::Dill:
    case pyro::Serializer::Cloudpickle:
        // dill and cloudpickle write ordinary pickles (with more GLOBALs): the same static disassembly applies.
        return PickleDisassembler::parse(bytes, base, limits, tree);
    case pyro::Serializer::Msgpack:
        return MsgpackReader::parse(bytes, base, limits, tree);
    default: {
        PyReadResult r;
        r.error = QStringLiteral("no reader for the %1 serializer").arg(pyro::serializerName(serializer));
        r.errorOffset = base;
        if (tree)
            tree->addError(r.error, base);
        return r;
    }
    }
}

Result<QByteArray> PyroPayload::inflate(QByteArrayView compressed, qint64 limit, bool* limitHit)
{
    if (limitHit)
        *limitHit = false;
    z_stream zs {};
    if (inflateInit(&zs) != Z_OK)
        return Error {QStringLiteral("zlib could not start")};
    QByteArray out;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    zs.avail_in = static_cast<uInt>(compressed.size());
    int rc = Z_OK;
    // Grow in steps and never past the limit, so a small "zlib bomb" cannot make us allocate gigabytes.
    while (rc != Z_STREAM_END) {
        if (out.size() >= limit) {
            inflateEnd(&zs);
            if (limitHit)
                *limitHit = true;
            return Error {
                QStringLiteral("inflated payload exceeds the limit of %1 bytes (max-message-bytes)").arg(limit)};
        }
        const qint64 chunk = std::min<qint64>(std::max<qint64>(out.size(), 16 * 1024), limit - out.size());
        const qsizetype old = out.size();
        out.resize(old + chunk);
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
        zs.avail_out = static_cast<uInt>(chunk);
        rc = ::inflate(&zs, Z_NO_FLUSH);
        out.resize(old + chunk - zs.avail_out);
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            const QString why = zs.msg ? QString::fromLatin1(zs.msg) : QStringLiteral("error %1").arg(rc);
            inflateEnd(&zs);
            return Error {QStringLiteral("corrupt zlib data: %1").arg(why)};
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            inflateEnd(&zs);
            return Error {QStringLiteral("zlib data ends before the end of the compressed stream")};
        }
    }
    const bool trailing = zs.avail_in != 0;
    inflateEnd(&zs);
    if (trailing)
        return Error {QStringLiteral("bytes after the end of the zlib stream")};
    return out;
}

QByteArray PyroPayload::deflate(QByteArrayView data, int level)
{
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    QByteArray out(static_cast<qsizetype>(size), '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                  static_cast<uLong>(data.size()), level)
        != Z_OK)
        return {};
    out.resize(static_cast<qsizetype>(size));
    return out;
}

} // namespace rpcscope
