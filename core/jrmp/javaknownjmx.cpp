// JavaValueConverter's knowledge of what JMX over RMI sends: java.rmi.MarshalledObject (the serialized bytes of a
// value, read as that value), and the javax.management classes whose fields hide their value (CompositeData,
// TabularData, Attribute, AttributeList). ObjectName is a scalar (jmxvalues.h).
#include "javaserialization.h"
#include "javavalues.h"

namespace rpcscope {

namespace {
const QString kMarshalledObject = QStringLiteral("java.rmi.MarshalledObject");
const QString kAttribute = QStringLiteral("javax.management.Attribute");
} // namespace

bool JavaValueConverter::jmx(int id, const QString& cls, int depth, RpcValue& out)
{
    if (cls == kMarshalledObject && m_s.classDataOf(id, kMarshalledObject)) {
        out = marshalled(id, depth);
        return true;
    }
    if (cls == QLatin1String("javax.management.openmbean.CompositeDataSupport")) {
        // Its items are the sorted map `contents`; `compositeType` describes them (in the tree).
        const int contents = m_s.fieldNode(id, cls, u"contents");
        if (contents < 0)
            return false;
        out = convert(contents, depth + 1);
        out.setTag(cls);
        return true;
    }
    if (cls == QLatin1String("javax.management.openmbean.TabularDataSupport")) {
        // The rows are the values of `dataMap` (a HashMap keyed by each row's index values).
        const int map = m_s.fieldValue(id, cls, u"dataMap");
        const JavaClassData* data = m_s.classDataOf(map, QStringLiteral("java.util.HashMap"));
        if (!data)
            return false;
        const std::vector<int> pairs = annotationObjects(data->annotation, 0);
        std::vector<int> rows;
        for (std::size_t i = 1; i < pairs.size(); i += 2)
            rows.push_back(pairs[i]);
        out = listOf(rows, depth, cls);
        return true;
    }
    if (cls == kAttribute) {
        const int name = m_s.fieldNode(id, kAttribute, u"name");
        const int value = m_s.fieldNode(id, kAttribute, u"value");
        if (name < 0 || value < 0)
            return false;
        out = mapOf({name, value}, depth, cls);
        return true;
    }
    if (cls == QLatin1String("javax.management.AttributeList")) {
        // An ArrayList of Attributes: {name: value, ...} when every element is one.
        const JavaClassData* data = m_s.classDataOf(id, QStringLiteral("java.util.ArrayList"));
        if (!data)
            return false;
        const std::vector<int> elements = annotationObjects(data->annotation, 0);
        std::vector<int> pairs;
        for (int e : elements) {
            const int attribute = m_s.resolve(e);
            const int name = m_s.fieldNode(attribute, kAttribute, u"name");
            const int value = m_s.fieldNode(attribute, kAttribute, u"value");
            if (name < 0 || value < 0) {
                out = listOf(elements, depth, cls);
                return true;
            }
            pairs.push_back(name);
            pairs.push_back(value);
        }
        out = mapOf(pairs, depth, cls);
        return true;
    }
    return false;
}

RpcValue JavaValueConverter::marshalled(int id, int depth)
{
    const int bytes = m_s.fieldValue(id, kMarshalledObject, u"objBytes");
    if (m_s.valid(bytes) && m_s.node(bytes).kind == JavaKind::Null)
        return {}; // new MarshalledObject(null)
    if (!m_s.valid(bytes) || m_s.node(bytes).kind != JavaKind::Array || m_s.node(bytes).code != 'B'
        || m_s.node(bytes).incomplete)
        return generic(id, depth);
    const JavaNode& array = m_s.node(bytes);
    if (m_marshalledDepth >= kMaxMarshalledNesting) {
        cut(Cut::Marshalled, array.dataOffset);
        return generic(id, depth);
    }
    // The bytes are a serialization stream of their own; parse it in place, so that its offsets are the message's.
    const qint64 end = array.dataOffset + array.size;
    if (end > m_bytes.size())
        return generic(id, depth);
    DecodeLimits limits = m_limits;
    limits.maxDepth = std::max(1, m_maxDepth - depth - 1);
    limits.maxValues = std::max<qint64>(1, m_valuesLeft);
    const JavaStream stream = JavaSerializationParser::parse(m_bytes.first(end), array.dataOffset, limits);
    int first = -1;
    for (int c : stream.contents) {
        if (stream.node(c).kind != JavaKind::BlockData && stream.node(c).kind != JavaKind::Reset) {
            first = c;
            break;
        }
    }
    if (!stream.headerOk || first < 0)
        return generic(id, depth);
    // The inner value spends this converter's budgets: values, repeated bytes, BigInteger digits.
    JavaValueConverter inner(stream, m_bytes, limits);
    inner.m_marshalledDepth = m_marshalledDepth + 1;
    inner.m_valuesLeft = m_valuesLeft;
    inner.m_repeatBytesLeft = m_repeatBytesLeft;
    inner.m_bigIntegerWork = m_bigIntegerWork;
    RpcValue v = inner.value(first);
    m_valuesLeft = inner.m_valuesLeft;
    m_repeatBytesLeft = inner.m_repeatBytesLeft;
    m_bigIntegerWork = inner.m_bigIntegerWork;
    for (const Problem& p : inner.m_problems) {
        if (std::none_of(m_problems.begin(), m_problems.end(), [&](const Problem& q) { return q.text == p.text; }))
            m_problems.push_back(p);
    }
    if (stream.end != JavaStream::End::Complete)
        m_problems.push_back({QStringLiteral("the bytes of a MarshalledObject are not one complete serialization "
                                             "stream (%1): its value is shown as far as it could be read")
                                  .arg(stream.error.isEmpty() ? QStringLiteral("data after the value") : stream.error),
                              stream.stopOffset, Problem::Kind::Malformed});
    if (stream.invalidStrings > 0)
        m_problems.push_back({QStringLiteral("%1 string(s) in the bytes of a MarshalledObject are not valid modified "
                                             "UTF-8 (a Java reader refuses them; the first at byte %2): the bytes that "
                                             "do not decode are shown as U+FFFD")
                                  .arg(stream.invalidStrings)
                                  .arg(stream.firstInvalidString),
                              stream.firstInvalidString, Problem::Kind::Lenient});
    return v;
}

} // namespace rpcscope
