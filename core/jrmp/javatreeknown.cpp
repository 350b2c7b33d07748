// JavaTreeBuilder, continued: data whose meaning belongs to particular classes: a stub's remote reference (the
// writeObject data of java.rmi.server.RemoteObject), java.time.Ser's external data in protocol version 1, and the
// values of the JDK's value classes in summary lines.
#include "javatree.h"

#include "javabignumbers.h"
#include "javascalars.h"
#include "javaserialization.h"
#include "javatime.h"
#include "javavalues.h"
#include "rmiremoteref.h"

#include <algorithm>

namespace rpcscope {

namespace {
// A BigInteger in a tree's summary line is written out up to this size (the call's values have all digits).
constexpr qint64 kMaxBigIntegerShown = 4096;
} // namespace

QString JavaTreeBuilder::objectSummary(int id) const
{
    const JavaNode& n = m_s.node(id);
    QString text = m_s.className(n.desc);
    qint64 work = javabignumbers::conversionCost(kMaxBigIntegerShown);
    const JavaScalar scalar = javascalars::value(m_s, m_bytes, id, work);
    if (scalar.kind == JavaScalar::Kind::OverBudget)
        return text + QStringLiteral(" (%1-byte magnitude)").arg(scalar.magnitudeBytes);
    if (scalar.kind != JavaScalar::Kind::Value)
        return text;
    // The tag of a java.time value names the class the proxy java.time.Ser stands for.
    if (javatime::isSerClass(text) && !scalar.value.tag().isEmpty())
        text = scalar.value.tag();
    text += QLatin1Char(' ') + scalar.value.toDisplayString(kMaxTextShown);
    if (!scalar.note.isEmpty())
        text += QStringLiteral(" (%1)").arg(scalar.note);
    return text;
}

void JavaTreeBuilder::addMarshalled(int object, DecodeNode& out) const
{
    const int bytes = m_s.fieldValue(object, QStringLiteral("java.rmi.MarshalledObject"), u"objBytes");
    if (!m_s.valid(bytes) || m_s.node(bytes).kind != JavaKind::Array || m_s.node(bytes).code != 'B'
        || m_s.node(bytes).incomplete || m_nesting >= JavaValueConverter::kMaxMarshalledNesting)
        return;
    const JavaNode& array = m_s.node(bytes);
    const qint64 end = array.dataOffset + array.size;
    if (end > m_bytes.size())
        return;
    DecodeLimits limits = m_limits;
    limits.maxDepth = std::max(1, m_limits.maxDepth / 2);
    const JavaStream inner = JavaSerializationParser::parse(m_bytes.first(end), array.dataOffset, limits);
    if (!inner.headerOk)
        return;
    const JavaTreeBuilder trees(inner, m_bytes, limits, m_nesting + 1);
    DecodeNode value
        = make(QStringLiteral("marshalledValue"), QStringLiteral("stream"), QString(), array.dataOffset, array.size,
               QStringLiteral("The value the MarshalledObject holds: objBytes is a serialization stream "
                              "of its own (annotations go to locBytes), read here in place."));
    trees.addStreamHeader(value);
    for (std::size_t i = 0; i < inner.contents.size(); ++i) {
        DecodeNode content
            = trees.build(inner.contents[i], i == 0 ? QStringLiteral("value") : QStringLiteral("content[%1]").arg(i));
        if (i == 0)
            value.value = content.value;
        value.children.push_back(std::move(content));
    }
    if (inner.end == JavaStream::End::Truncated || inner.end == JavaStream::End::Error
        || inner.end == JavaStream::End::Opaque)
        value.addError(inner.error, inner.stopOffset);
    out.children.push_back(std::move(value));
}

void JavaTreeBuilder::addExternalContents(const JavaClassData& data, DecodeNode& out) const
{
    const javatime::SerData ser = javatime::readSer(m_bytes, data.externalOffset);
    DecodeNode contents = make(QStringLiteral("externalContents"), QStringLiteral("external"),
                               ser.className + QLatin1Char(' ') + ser.value.toDisplayString(kMaxTextShown),
                               data.externalOffset, data.externalLength,
                               QStringLiteral("What java.time.Ser's writeExternal wrote, without block markers "
                                              "(stream protocol version 1, as RMI writes): a type byte, then the "
                                              "fields of that type in the layout its serialized form documents."));
    for (const javatime::SerField& f : ser.fields)
        contents.children.push_back(make(f.name, f.type, f.value, f.offset, f.length, f.description));
    if (!ser.error.isEmpty())
        contents.addError(ser.error, data.externalOffset, data.externalLength);
    out.children.push_back(std::move(contents));
}

bool JavaTreeBuilder::addRemoteRef(const JavaClassData& data, DecodeNode& out) const
{
    const RmiRemoteRef ref = rmiremoteref::read(m_s, data, m_bytes);
    if (ref.fields.empty())
        return false;
    const qint64 start = data.annotation.empty() ? data.annotationEnd : m_s.node(data.annotation.front()).offset;
    const qint64 stop = data.annotationEnd >= 0 ? data.annotationEnd + 1 : data.offset + data.length;
    DecodeNode a = make(QStringLiteral("remoteRef"), QStringLiteral("annotation"),
                        ref.complete ? QStringLiteral("%1 %2").arg(ref.refClass, ref.endpoint()) : ref.refClass, start,
                        stop - start,
                        QStringLiteral("RemoteObject.writeObject data: the stub's remote reference, i.e. where the "
                                       "remote object can be called (host, port, ObjID)."));
    // Block headers and the interpreted fields, in wire order; host and port grouped as the endpoint.
    std::vector<DecodeNode> parts;
    for (int c : data.annotation) {
        const JavaNode& n = m_s.node(c);
        if (n.kind == JavaKind::BlockData) {
            DecodeNode holder;
            addBlockHeader(c, holder);
            for (DecodeNode& h : holder.children)
                parts.push_back(std::move(h));
        }
    }
    DecodeNode endpoint = make(QStringLiteral("endpoint"), QStringLiteral("endpoint"), ref.endpoint(),
                               ref.endpointOffset, ref.endpointLength,
                               QStringLiteral("Where the remote object listens: a client calling it connects to "
                                              "this host and port."));
    DecodeNode objId = make(QStringLiteral("objID"), QStringLiteral("ObjID"), ref.objId.toString(), -1, 0,
                            QStringLiteral("Identifies the object within the VM that exported it."));
    for (const RmiRefField& f : ref.fields) {
        DecodeNode node = f.node >= 0 ? build(f.node, f.name, f.description)
                                      : make(f.name, f.type, f.value, f.offset, f.length, f.description);
        if (f.name == QLatin1String("host") || f.name == QLatin1String("port")) {
            endpoint.children.push_back(std::move(node));
        } else if (f.name == QLatin1String("objNum") || f.name == QLatin1String("uid")) {
            if (objId.offset < 0)
                objId.offset = f.offset;
            objId.length = f.offset + f.length - objId.offset;
            objId.children.push_back(std::move(node));
        } else {
            parts.push_back(std::move(node));
        }
    }
    if (!endpoint.children.empty())
        parts.push_back(std::move(endpoint));
    if (!objId.children.empty())
        parts.push_back(std::move(objId));
    for (int c : data.annotation) {
        if (m_s.node(c).kind != JavaKind::BlockData && c != ref.socketFactory)
            parts.push_back(build(c, QStringLiteral("content")));
    }
    std::stable_sort(parts.begin(), parts.end(),
                     [](const DecodeNode& x, const DecodeNode& y) { return x.offset < y.offset; });
    for (DecodeNode& p : parts)
        a.children.push_back(std::move(p));
    if (data.annotationEnd >= 0)
        a.children.push_back(make(QStringLiteral("endBlockData"), QStringLiteral("u8"),
                                  QStringLiteral("0x78 TC_ENDBLOCKDATA"), data.annotationEnd, 1,
                                  QStringLiteral("End of the writeObject data.")));
    if (!ref.complete && !ref.problem.isEmpty())
        a.addError(ref.problem, -1);
    out.children.push_back(std::move(a));
    return true;
}

} // namespace rpcscope
