#include "jrmpendpointrewriter.h"

#include "jrmp/javaserialization.h"
#include "jrmp/jrmpconstants.h"
#include "jrmp/modifiedutf8.h"
#include "jrmp/rmiremoteref.h"

#include <QSet>
#include <QtEndian>

#include <algorithm>

namespace rpcscope {

namespace {

/// One endpoint to write anew: the block-data record that holds it and what goes in place of the host and port.
struct EndpointEdit
{
    int block = -1;
    qint64 hostOffset = 0; // the UTF length field
    qint64 oldLength = 0; // UTF length field, string and port
    QByteArray replacement; // new UTF length field, string and port
};

/// The block-data record among `contents` whose data holds [offset, offset + length), or -1.
int blockHolding(const JavaStream& stream, const std::vector<int>& contents, qint64 offset, qint64 length)
{
    for (int id : contents) {
        const JavaNode& n = stream.node(id);
        if (n.kind == JavaKind::BlockData && !n.incomplete && n.dataOffset <= offset
            && offset + length <= n.dataOffset + n.dataLength)
            return id;
    }
    return -1;
}

void appendBlockHeader(QByteArray& out, bool wasShort, qint64 length)
{
    if (wasShort && length <= 0xFF) {
        out.append(char(javastream::TC_BLOCKDATA));
        out.append(char(length));
        return;
    }
    char header[5];
    header[0] = char(javastream::TC_BLOCKDATALONG);
    qToBigEndian(static_cast<quint32>(length), header + 1);
    out.append(header, 5);
}

} // namespace

EndpointRewrite rewriteJrmpEndpoints(QByteArrayView message, const EndpointMapper& map, const DecodeLimits& limits)
{
    EndpointRewrite result;
    if (message.isEmpty() || static_cast<quint8>(message[0]) != jrmp::kReturn || !map)
        return result;
    const JavaStream stream = JavaSerializationParser::parse(message, 1, limits);
    if (!stream.headerOk)
        return result;

    std::vector<EndpointEdit> edits;
    QSet<qint64> seen; // a dynamic proxy and its handler share one RemoteObject's data
    for (int id = 0; id < static_cast<int>(stream.nodes.size()); ++id) {
        if (stream.node(id).kind != JavaKind::Object)
            continue;
        const JavaClassData* data = rmiremoteref::remoteObjectData(stream, id);
        if (!data || !data->hasAnnotation || seen.contains(data->offset))
            continue;
        seen.insert(data->offset);
        const RmiRemoteRef ref = rmiremoteref::read(stream, *data, message);
        if (ref.endpointFormat == 1) {
            const QString factory
                = ref.socketFactory >= 0 ? stream.classOf(ref.socketFactory) : QStringLiteral("unknown class");
            result.notes << QStringLiteral("the stub of %1 at %2 has a custom client socket factory (%3): it cannot "
                                           "be followed and is passed as written")
                                .arg(stream.classOf(id), ref.endpoint(), factory);
            continue;
        }
        if (ref.endpointOffset < 0 || ref.endpointLength <= 0) {
            if (!ref.problem.isEmpty())
                result.notes << QStringLiteral("a stub of %1 is not followed: %2").arg(stream.classOf(id), ref.problem);
            continue;
        }
        if (ref.port <= 0 || ref.port > 0xFFFF)
            continue;
        const quint16 hostBytes = qFromBigEndian<quint16>(message.data() + ref.endpointOffset);
        const int block = blockHolding(stream, data->annotation, ref.endpointOffset, ref.endpointLength);
        if (block < 0 || ref.endpointLength != 2 + qint64(hostBytes) + 4) {
            result.notes << QStringLiteral("the endpoint %1 of a stub is split across block-data records: it is "
                                           "passed as written")
                                .arg(ref.endpoint());
            continue;
        }
        const std::optional<HandedOutEndpoint> to = map(HandedOutEndpoint {ref.host, quint16(ref.port)});
        if (!to)
            continue;
        const QByteArray host = modifiedutf8::encode(to->host);
        if (host.size() > 0xFFFF)
            continue;
        EndpointEdit edit;
        edit.block = block;
        edit.hostOffset = ref.endpointOffset;
        edit.oldLength = ref.endpointLength;
        edit.replacement.resize(2 + host.size() + 4);
        qToBigEndian(static_cast<quint16>(host.size()), edit.replacement.data());
        std::copy(host.begin(), host.end(), edit.replacement.begin() + 2);
        qToBigEndian(static_cast<qint32>(to->port), edit.replacement.data() + 2 + host.size());
        edits.push_back(std::move(edit));
    }
    if (stream.end == JavaStream::End::Error || stream.end == JavaStream::End::Truncated
        || stream.end == JavaStream::End::Opaque) {
        result.notes << QStringLiteral("the return could not be read past byte %1 (%2): stubs after it are not "
                                       "followed")
                            .arg(stream.stopOffset)
                            .arg(stream.error);
    }
    if (edits.empty())
        return result;

    std::sort(edits.begin(), edits.end(),
              [](const EndpointEdit& a, const EndpointEdit& b) { return a.hostOffset < b.hostOffset; });
    QByteArray out;
    out.reserve(message.size() + 64 * qsizetype(edits.size()));
    qint64 copied = 0;
    for (std::size_t i = 0; i < edits.size();) {
        // All edits of one record at once (there is one endpoint per ref, but nothing relies on that).
        const JavaNode& block = stream.node(edits[i].block);
        std::size_t end = i;
        QByteArray data;
        qint64 at = block.dataOffset;
        while (end < edits.size() && edits[end].block == edits[i].block) {
            data.append(message.sliced(at, edits[end].hostOffset - at));
            data.append(edits[end].replacement);
            at = edits[end].hostOffset + edits[end].oldLength;
            ++end;
        }
        data.append(message.sliced(at, block.dataOffset + block.dataLength - at));
        out.append(message.sliced(copied, block.offset - copied));
        appendBlockHeader(out, static_cast<quint8>(message[block.offset]) == javastream::TC_BLOCKDATA, data.size());
        out.append(data);
        copied = block.dataOffset + block.dataLength;
        result.rewritten += int(end - i);
        i = end;
    }
    out.append(message.sliced(copied));
    result.bytes = std::move(out);
    return result;
}

} // namespace rpcscope
