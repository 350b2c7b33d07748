#include "jrmpcallheader.h"

#include "javablockreader.h"
#include "javamethodhash.h"
#include "javaserialization.h"
#include "jdkremotemethods.h"
#include "rmiwellknown.h"

namespace rpcscope {

const JavaMethod* JrmpCallHeader::method(const JavaMethodTable* table) const
{
    if (const JavaMethod* m = rmiwellknown::method(objId, op, hash))
        return m;
    if (op != -1)
        return nullptr;
    if (const JavaMethod* m = jdkremotemethods::table().find(hash))
        return m;
    return table ? table->find(hash) : nullptr;
}

QString JrmpCallHeader::methodName(const JavaMethodTable* table) const
{
    if (const JavaMethod* m = method(table))
        return m->name;
    if (op == -1)
        return QLatin1Char('#') + javaHashHex(hash);
    return QLatin1Char('#') + javaHashHex(hash) + QLatin1Char(':') + QString::number(op);
}

std::optional<JrmpCallHeader> JrmpCallHeader::read(QByteArrayView message, const DecodeLimits& limits)
{
    if (message.size() < 1 + 4 + 2 + 34 || static_cast<quint8>(message[0]) != 0x50)
        return std::nullopt;
    JavaSerializationParser parser(message, 1, limits, false);
    if (!parser.readHeader())
        return std::nullopt;
    // The header normally sits in the first block record; follow a few records in case it was split.
    qint64 blockBytes = 0;
    for (int i = 0; i < 8 && blockBytes < 34 && parser.next(); ++i) {
        const JavaNode& last = parser.stream().node(parser.stream().contents.back());
        if (last.kind != JavaKind::BlockData)
            break;
        blockBytes += last.dataLength;
    }
    JavaBlockReader r(parser.stream(), parser.stream().contents, message);
    JrmpCallHeader h;
    if (!r.i64(h.objId.objNum) || !r.i32(h.objId.uid.unique) || !r.i64(h.objId.uid.time) || !r.i16(h.objId.uid.count)
        || !r.i32(h.op) || !r.i64(h.hash))
        return std::nullopt;
    return h;
}

} // namespace rpcscope
