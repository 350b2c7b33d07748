#include "javavalues.h"

#include "javabignumbers.h"
#include "javascalars.h"
#include "javatype.h"

#include <QSet>

#include <algorithm>

namespace rpcscope {

namespace {

QString simpleName(const QString& cls)
{
    const qsizetype dot = cls.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? cls : cls.mid(dot + 1);
}

} // namespace

JavaValueConverter::JavaValueConverter(const JavaStream& stream, QByteArrayView bytes, const DecodeLimits& limits)
    : m_s(stream)
    , m_bytes(bytes)
    , m_limits(limits)
    , m_maxDepth(std::clamp(limits.maxDepth, 1, kStackSafeDepth))
    , m_valuesLeft(limits.maxValues)
    , m_repeatBytesLeft(std::min(limits.maxMessageBytes, kRepeatFactor * bytes.size() + kRepeatFloor))
    , m_bigIntegerWork(javabignumbers::conversionCost(kBigIntegerDigitsBytes))
{ }

QByteArrayView JavaValueConverter::slice(qint64 offset, qint64 length) const
{
    if (offset < 0 || length < 0 || offset + length > m_bytes.size())
        return {};
    return m_bytes.sliced(offset, length);
}

void JavaValueConverter::cut(Cut which, qint64 at, qint64 detail)
{
    bool& once = m_cut[static_cast<int>(which)];
    if (once)
        return;
    once = true;
    QString text;
    switch (which) {
    case Cut::RepeatedBytes:
        text = QStringLiteral("shared values (back-references) would repeat more than %1 bytes of the stream when "
                              "written out (the budget is %2 times the message plus %3 bytes, at most the "
                              "max-message-bytes limit): the references past it are shown as {\"ref\": handle} "
                              "markers")
                   .arg(std::min(m_limits.maxMessageBytes, kRepeatFactor * m_bytes.size() + kRepeatFloor))
                   .arg(kRepeatFactor)
                   .arg(kRepeatFloor);
        break;
    case Cut::Values:
        text = QStringLiteral("more than %1 values in one message (the max-values limit): the values after byte %2 "
                              "are left out")
                   .arg(m_limits.maxValues)
                   .arg(at);
        break;
    case Cut::Depth:
        text = QStringLiteral("back-references nest deeper than %1 levels (the max-depth limit): the deeper ones are "
                              "shown as {\"ref\": handle} markers")
                   .arg(m_maxDepth);
        break;
    case Cut::Marshalled:
        text = QStringLiteral("MarshalledObjects nest deeper than %1 levels: the bytes of the deeper ones are shown "
                              "as bytes")
                   .arg(kMaxMarshalledNesting);
        break;
    case Cut::BigInteger:
        text = QStringLiteral("a BigInteger of %1 bytes is shown as its serialized fields (signum, magnitude): "
                              "decimal digits are written for up to %2 bytes of BigInteger per message")
                   .arg(detail)
                   .arg(kBigIntegerDigitsBytes);
        break;
    }
    m_problems.push_back({text, at, Problem::Kind::Truncated});
}

qint64 JavaValueConverter::offsetOf(int id) const
{
    return m_s.valid(id) ? m_s.node(id).offset : -1;
}

bool JavaValueConverter::takeValue(qint64 at)
{
    if (m_valuesLeft <= 0) {
        cut(Cut::Values, at);
        return false;
    }
    --m_valuesLeft;
    return true;
}

RpcValue JavaValueConverter::value(int id)
{
    m_active.clear();
    return convert(id, 0);
}

RpcValue JavaValueConverter::values(const std::vector<int>& ids)
{
    RpcArray out;
    for (int id : ids)
        out.push_back(value(id));
    return RpcValue::fromArray(std::move(out));
}

RpcValue JavaValueConverter::refMarker(int id) const
{
    RpcStruct s;
    s.emplace_back(QStringLiteral("ref"), RpcValue::fromString(JavaStream::handleText(m_s.node(id).handle)));
    s.emplace_back(QStringLiteral("class"), RpcValue::fromString(m_s.classOf(id)));
    return RpcValue::fromStruct(std::move(s), QStringLiteral("reference"));
}

RpcValue JavaValueConverter::reference(const JavaNode& n, int depth)
{
    const int target = n.target;
    if (!m_s.valid(target))
        return {};
    // A value that contains itself cannot be written out: the way back is a marker (not a cut: it is all there).
    if (std::find(m_active.begin(), m_active.end(), target) != m_active.end())
        return refMarker(target);
    if (depth >= m_maxDepth) {
        cut(Cut::Depth, n.offset);
        return refMarker(target);
    }
    // Each expansion writes the target's bytes out once more.
    const qint64 cost = m_s.node(target).length;
    if (cost > m_repeatBytesLeft) {
        cut(Cut::RepeatedBytes, n.offset);
        return refMarker(target);
    }
    m_repeatBytesLeft -= cost;
    return convert(target, depth + 1);
}

RpcValue JavaValueConverter::convert(int id, int depth)
{
    if (!m_s.valid(id))
        return {};
    const JavaNode& n = m_s.node(id);
    if (n.kind == JavaKind::Reference)
        return reference(n, depth);
    if (!takeValue(n.offset))
        return {};
    switch (n.kind) {
    case JavaKind::Null:
    case JavaKind::Reset:
    case JavaKind::Reference:
        return {};
    case JavaKind::String:
        return RpcValue::fromString(n.text);
    case JavaKind::Primitive:
        return n.incomplete ? RpcValue() : javatype::primitiveValue(n.code, slice(n.offset, n.length));
    case JavaKind::Enum: {
        RpcValue v = RpcValue::fromString(n.text);
        v.setTag(m_s.className(n.desc));
        return v;
    }
    case JavaKind::Class:
        return RpcValue::fromString(QStringLiteral("class ") + javatype::sourceName(m_s.className(n.desc)));
    case JavaKind::ClassDesc:
    case JavaKind::ProxyClassDesc:
        return RpcValue::fromString(QStringLiteral("class descriptor ") + m_s.className(id));
    case JavaKind::BlockData:
        return RpcValue::fromBytes(slice(n.dataOffset, n.dataLength).toByteArray());
    case JavaKind::Exception: {
        RpcStruct s;
        s.emplace_back(QStringLiteral("exception"),
                       n.children.empty() ? RpcValue() : convert(n.children[0], depth + 1));
        return RpcValue::fromStruct(std::move(s), QStringLiteral("TC_EXCEPTION"));
    }
    case JavaKind::Array: {
        if (javatype::isPrimitiveCode(n.code))
            return primitiveArray(n);
        m_active.push_back(id);
        RpcValue v = listOf(n.children, depth, javatype::sourceName(m_s.className(n.desc)));
        m_active.pop_back();
        return v;
    }
    case JavaKind::Object: {
        m_active.push_back(id);
        RpcValue v = object(id, depth);
        m_active.pop_back();
        return v;
    }
    }
    return {};
}

RpcValue JavaValueConverter::listOf(const std::vector<int>& elements, int depth, const QString& tag)
{
    RpcArray items;
    items.reserve(elements.size());
    for (int e : elements) {
        if (m_valuesLeft <= 0) {
            cut(Cut::Values, offsetOf(e));
            break;
        }
        items.push_back(convert(e, depth + 1));
    }
    return RpcValue::fromArray(std::move(items), tag);
}

RpcValue JavaValueConverter::mapOf(const std::vector<int>& keysAndValues, int depth, const QString& tag)
{
    // A struct only when every key is a java.lang.String and no two are equal; otherwise the keys keep their type.
    bool stringKeys = true;
    RpcMap entries;
    entries.reserve(keysAndValues.size() / 2);
    for (std::size_t i = 0; i + 1 < keysAndValues.size(); i += 2) {
        if (m_valuesLeft <= 0) {
            cut(Cut::Values, offsetOf(keysAndValues[i]));
            break;
        }
        const int key = m_s.resolve(keysAndValues[i]);
        stringKeys = stringKeys && m_s.valid(key) && m_s.node(key).kind == JavaKind::String;
        RpcValue k = convert(keysAndValues[i], depth + 1);
        entries.emplace_back(std::move(k), convert(keysAndValues[i + 1], depth + 1));
    }
    if (stringKeys) {
        QSet<QString> names;
        names.reserve(static_cast<qsizetype>(entries.size()));
        for (const RpcMapEntry& e : entries)
            names.insert(e.first.toString());
        stringKeys = names.size() == static_cast<qsizetype>(entries.size());
    }
    if (!stringKeys)
        return RpcValue::fromMap(std::move(entries), tag);
    RpcStruct members;
    members.reserve(entries.size());
    for (RpcMapEntry& e : entries)
        members.emplace_back(e.first.toString(), std::move(e.second));
    return RpcValue::fromStruct(std::move(members), tag);
}

RpcValue JavaValueConverter::primitiveArray(const JavaNode& n)
{
    const int size = javatype::primitiveSize(n.code);
    const qint64 count = n.incomplete ? 0 : n.size;
    const QByteArrayView data = slice(n.dataOffset, count * size);
    if (n.code == 'B')
        return RpcValue::fromBytes(data.toByteArray());
    if (n.code == 'C') {
        QString text;
        text.reserve(count);
        for (qint64 i = 0; i + 1 < data.size(); i += 2)
            text
                += QChar(static_cast<char16_t>((static_cast<quint8>(data[i]) << 8) | static_cast<quint8>(data[i + 1])));
        return RpcValue::fromString(text);
    }
    const qint64 present = data.size() / size;
    const qint64 shown = std::min(present, m_valuesLeft);
    m_valuesLeft -= shown;
    if (shown < present)
        cut(Cut::Values, n.dataOffset + shown * size);
    RpcArray items;
    items.reserve(static_cast<std::size_t>(shown));
    for (qint64 i = 0; i < shown; ++i)
        items.push_back(javatype::primitiveValue(n.code, data.sliced(i * size, size)));
    return RpcValue::fromArray(std::move(items), javatype::sourceName(m_s.className(n.desc)));
}

RpcValue JavaValueConverter::object(int id, int depth)
{
    const JavaScalar scalar = javascalars::value(m_s, m_bytes, id, m_bigIntegerWork);
    if (scalar.kind == JavaScalar::Kind::Value)
        return scalar.value;
    if (scalar.kind == JavaScalar::Kind::OverBudget)
        cut(Cut::BigInteger, m_s.node(id).offset, scalar.magnitudeBytes);
    const QString cls = m_s.className(m_s.node(id).desc);
    RpcValue out;
    if (scalar.kind == JavaScalar::Kind::None && known(id, cls, depth, out))
        return out;
    return generic(id, depth);
}

std::vector<int> JavaValueConverter::annotationObjects(const std::vector<int>& annotation, int skip) const
{
    std::vector<int> objects;
    objects.reserve(annotation.size());
    for (int c : annotation) {
        const JavaKind k = m_s.node(c).kind;
        if (k != JavaKind::BlockData && k != JavaKind::Reset)
            objects.push_back(c);
    }
    objects.erase(objects.begin(), objects.begin() + std::min<std::size_t>(std::max(skip, 0), objects.size()));
    return objects;
}

RpcValue JavaValueConverter::generic(int id, int depth)
{
    const JavaNode& n = m_s.node(id);
    RpcStruct fields;
    RpcArray custom;
    RpcValue external;
    for (const JavaClassData& cd : n.classData) {
        if (!m_s.isDesc(cd.desc))
            continue;
        const std::vector<JavaFieldDesc>& descs = m_s.descInfo(cd.desc).fields;
        const QString owner = m_s.className(cd.desc);
        for (std::size_t i = 0; i < cd.values.size() && i < descs.size(); ++i) {
            QString name = descs[i].name;
            const bool hidden
                = std::any_of(fields.begin(), fields.end(), [&](const RpcMember& m) { return m.first == name; });
            if (hidden)
                name = simpleName(owner) + QLatin1Char('.') + name;
            fields.emplace_back(name, convert(cd.values[i], depth + 1));
        }
        // Consecutive block records are one byte stream: show them as one bytes value.
        bool lastWasBlock = false;
        for (int c : cd.annotation) {
            const JavaNode& a = m_s.node(c);
            if (a.kind == JavaKind::BlockData) {
                const QByteArrayView data = slice(a.dataOffset, a.dataLength);
                if (lastWasBlock)
                    custom.back() = RpcValue::fromBytes(custom.back().toBytes() + data.toByteArray());
                else
                    custom.push_back(RpcValue::fromBytes(data.toByteArray()));
                lastWasBlock = true;
                continue;
            }
            lastWasBlock = a.kind == JavaKind::Reset && lastWasBlock;
            if (a.kind != JavaKind::Reset)
                custom.push_back(convert(c, depth + 1));
        }
        // Data nobody can delimit: all bytes from here to the end of the message, as they are.
        if (cd.opaque)
            external = RpcValue::fromBytes(slice(cd.offset, m_bytes.size() - cd.offset).toByteArray());
    }
    RpcStruct s;
    const QString cls = m_s.className(n.desc);
    s.emplace_back(QStringLiteral("class"), RpcValue::fromString(cls));
    s.emplace_back(QStringLiteral("fields"), RpcValue::fromStruct(std::move(fields)));
    if (!custom.empty())
        s.emplace_back(QStringLiteral("writeObject"), RpcValue::fromArray(std::move(custom)));
    if (!external.isNil())
        s.emplace_back(QStringLiteral("externalData"), std::move(external));
    return RpcValue::fromStruct(std::move(s), cls);
}

} // namespace rpcscope
