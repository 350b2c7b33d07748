#include "javatree.h"

#include "javatype.h"

#include <QtEndian>

#include <algorithm>

namespace rpcscope {

using namespace javastream;

namespace {
constexpr int kMaxTextShown = JavaTreeBuilder::kMaxTextShown;
constexpr int kMaxElementsShown = 1000;

QString quoted(const QString& text, int maxChars = kMaxTextShown)
{
    QString t = text.size() > maxChars ? text.left(maxChars) + QChar(0x2026) : text;
    t.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"))
        .replace(QLatin1Char('\r'), QLatin1String("\\r"))
        .replace(QLatin1Char('\t'), QLatin1String("\\t"));
    // A surrogate that is not half of a pair (Java strings may hold one) is shown as the escape JSON writes for it,
    // never as a replacement character.
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        const bool paired = c.isHighSurrogate() ? i + 1 < t.size() && t.at(i + 1).isLowSurrogate()
                                                : i > 0 && t.at(i - 1).isHighSurrogate();
        if (c.isSurrogate() && !paired) {
            const QString escape = QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            t.replace(i, 1, escape);
            i += escape.size() - 1;
        }
    }
    return QLatin1Char('"') + t + QLatin1Char('"');
}

QString hexBytes(QByteArrayView bytes, int max = 32)
{
    QString text = QString::fromLatin1(bytes.first(std::min<qsizetype>(bytes.size(), max)).toByteArray().toHex(' '));
    if (bytes.size() > max)
        text += QStringLiteral(" …");
    return text;
}

QString fieldTypeName(const JavaFieldDesc& f)
{
    if (javatype::isPrimitiveCode(f.code))
        return javatype::primitiveName(f.code);
    return f.typeName.isEmpty() ? QStringLiteral("?") : javatype::sourceName(f.typeName);
}
} // namespace

JavaTreeBuilder::JavaTreeBuilder(const JavaStream& stream, QByteArrayView bytes, const DecodeLimits& limits,
                                 int nesting)
    : m_s(stream)
    , m_bytes(bytes)
    , m_limits(limits)
    , m_nesting(nesting)
{ }

DecodeNode JavaTreeBuilder::make(const QString& name, const QString& type, const QString& value, qint64 offset,
                                 qint64 length, const QString& description)
{
    DecodeNode n;
    n.name = name;
    n.type = type;
    n.value = value;
    n.offset = offset;
    n.length = length;
    n.description = description;
    return n;
}

quint16 JavaTreeBuilder::u16At(qint64 offset) const
{
    if (offset < 0 || offset + 2 > m_bytes.size())
        return 0;
    return qFromBigEndian<quint16>(m_bytes.data() + offset);
}

DecodeNode JavaTreeBuilder::typeCode(const JavaNode& n) const
{
    const int byte = n.offset < m_bytes.size() ? static_cast<quint8>(m_bytes[n.offset]) : -1;
    return make(QStringLiteral("typeCode"), QStringLiteral("u8"),
                QStringLiteral("0x%1 %2").arg(byte, 2, 16, QLatin1Char('0')).arg(typeCodeName(byte)), n.offset, 1,
                QStringLiteral("Type code: says what kind of element follows in the serialization stream."));
}

DecodeNode JavaTreeBuilder::handle(const JavaNode& n) const
{
    return make(QStringLiteral("handle"), QStringLiteral("handle"), JavaStream::handleText(n.handle), -1, 0,
                QStringLiteral("Handle this element gets (not on the wire: handles count up from 0x7E0000 in the "
                               "order elements appear); a later TC_REFERENCE uses it instead of sending it again."));
}

void JavaTreeBuilder::addStreamHeader(DecodeNode& parent) const
{
    const quint16 magic = u16At(m_s.offset);
    const quint16 version = u16At(m_s.offset + 2);
    parent.children.push_back(make(QStringLiteral("streamMagic"), QStringLiteral("u16"),
                                   QStringLiteral("0x%1")
                                       .arg(magic, 4, 16, QLatin1Char('0'))
                                       .toUpper()
                                       .replace(QLatin1String("0X"), QLatin1String("0x")),
                                   m_s.offset, 2,
                                   QStringLiteral("STREAM_MAGIC 0xACED: a Java Object Serialization stream starts "
                                                  "here (every JRMP call and return has a fresh one).")));
    parent.children.push_back(make(QStringLiteral("streamVersion"), QStringLiteral("u16"), QString::number(version),
                                   m_s.offset + 2, 2, QStringLiteral("STREAM_VERSION: 5 for every JDK since 1.1.")));
}

void JavaTreeBuilder::addBlockHeader(int id, DecodeNode& parent) const
{
    const JavaNode& n = m_s.node(id);
    parent.children.push_back(typeCode(n));
    const bool longBlock = n.offset < m_bytes.size() && static_cast<quint8>(m_bytes[n.offset]) == TC_BLOCKDATALONG;
    // A stream cut inside the header has fewer length bytes than the field (or none): the node covers what is
    // there, and the block's own problem says it was cut.
    const qint64 lengthBytes = std::clamp<qint64>(m_bytes.size() - (n.offset + 1), 0, longBlock ? 4 : 1);
    if (lengthBytes == 0)
        return;
    parent.children.push_back(make(QStringLiteral("length"), longBlock ? QStringLiteral("int") : QStringLiteral("u8"),
                                   QString::number(n.dataLength), n.offset + 1, lengthBytes,
                                   QStringLiteral("Bytes of primitive data in this block record (records hold at "
                                                  "most 1024 bytes; consecutive records form one byte stream).")));
}

QString JavaTreeBuilder::summary(int id) const
{
    if (!m_s.valid(id))
        return QStringLiteral("?");
    const JavaNode& n = m_s.node(id);
    switch (n.kind) {
    case JavaKind::Null:
        return QStringLiteral("null");
    case JavaKind::Reference:
        return QStringLiteral("→ %1 %2").arg(JavaStream::wireHandleText(n.wireHandle),
                                             m_s.valid(n.target) ? summary(n.target) : QStringLiteral("(unknown)"));
    case JavaKind::String:
        return quoted(n.text, 60);
    case JavaKind::Object:
        return objectSummary(id);
    case JavaKind::Class:
        return QStringLiteral("class ") + javatype::sourceName(m_s.className(n.desc));
    case JavaKind::Array: {
        QString name = javatype::sourceName(m_s.className(n.desc));
        if (name.endsWith(QLatin1String("[]")))
            name.chop(2);
        return QStringLiteral("%1[%2]").arg(name).arg(n.size);
    }
    case JavaKind::Enum:
        return simpleEnum(n);
    case JavaKind::ClassDesc:
    case JavaKind::ProxyClassDesc:
        return m_s.className(id);
    case JavaKind::BlockData:
        return QStringLiteral("%1 bytes").arg(n.dataLength);
    case JavaKind::Reset:
        return QStringLiteral("reset");
    case JavaKind::Exception:
        return QStringLiteral("exception %1").arg(n.children.empty() ? QString() : summary(n.children[0]));
    case JavaKind::Primitive:
        return n.incomplete ? QStringLiteral("?") : javatype::primitiveText(n.code, m_bytes.sliced(n.offset, n.length));
    }
    return {};
}

QString JavaTreeBuilder::simpleEnum(const JavaNode& n) const
{
    QString cls = m_s.className(n.desc);
    const qsizetype cut = std::max(cls.lastIndexOf(QLatin1Char('.')), cls.lastIndexOf(QLatin1Char('$')));
    return cls.mid(cut + 1) + QLatin1Char('.') + n.text;
}

DecodeNode JavaTreeBuilder::build(int id, const QString& name, const QString& description) const
{
    if (!m_s.valid(id))
        return make(name, QStringLiteral("missing"), QString(), -1, 0, description);
    const JavaNode& n = m_s.node(id);
    DecodeNode out = make(name, QString(), summary(id), n.offset, n.length, description);
    auto describe = [&](const QString& text) {
        if (out.description.isEmpty())
            out.description = text;
    };
    switch (n.kind) {
    case JavaKind::Null:
        out.type = QStringLiteral("null");
        describe(QStringLiteral("TC_NULL: a null reference."));
        break;
    case JavaKind::Reference:
        out.type = QStringLiteral("reference");
        describe(QStringLiteral("TC_REFERENCE: the same object as an earlier element of this stream, named by its "
                                "handle (objects are sent once per stream)."));
        out.children.push_back(typeCode(n));
        out.children.push_back(make(QStringLiteral("handle"), QStringLiteral("int"),
                                    JavaStream::wireHandleText(n.wireHandle), n.offset + 1, 4,
                                    QStringLiteral("Handle of the element referred to (0x7E0000 + its position).")));
        break;
    case JavaKind::String: {
        out.type = n.aux == 8 ? QStringLiteral("long String") : QStringLiteral("String");
        describe(QStringLiteral("A java.lang.String object: its length in bytes and its modified UTF-8 text."));
        out.children.push_back(typeCode(n));
        out.children.push_back(handle(n));
        const qint64 textLength = n.length - 1 - n.aux;
        out.children.push_back(make(QStringLiteral("length"),
                                    n.aux == 8 ? QStringLiteral("long") : QStringLiteral("u16"),
                                    QString::number(std::max<qint64>(textLength, 0)), n.offset + 1, n.aux,
                                    QStringLiteral("Length of the text in bytes (not characters).")));
        if (!n.incomplete)
            out.children.push_back(make(QStringLiteral("value"), QStringLiteral("utf"), quoted(n.text),
                                        n.offset + 1 + n.aux, textLength,
                                        QStringLiteral("The text in modified UTF-8 (NUL as C0 80, characters "
                                                       "beyond U+FFFF as two surrogates).")));
        break;
    }
    case JavaKind::Object:
        out.type = QStringLiteral("object");
        describe(QStringLiteral("TC_OBJECT: an instance of %1, its class descriptor and then the field values of each "
                                "class, superclass first.")
                     .arg(m_s.className(n.desc)));
        addObject(id, out);
        break;
    case JavaKind::Class:
        out.type = QStringLiteral("class");
        describe(QStringLiteral("TC_CLASS: a java.lang.Class object, sent as its class descriptor."));
        out.children.push_back(typeCode(n));
        if (m_s.valid(n.descNode))
            out.children.push_back(build(n.descNode, QStringLiteral("classDesc")));
        out.children.push_back(handle(n));
        break;
    case JavaKind::Array:
        out.type = QStringLiteral("array");
        describe(QStringLiteral("TC_ARRAY: an array: its class descriptor, its size and the elements."));
        addArray(id, out);
        break;
    case JavaKind::Enum:
        out.type = QStringLiteral("enum");
        describe(QStringLiteral("TC_ENUM: an enum constant, sent as its class and its name."));
        out.children.push_back(typeCode(n));
        if (m_s.valid(n.descNode))
            out.children.push_back(build(n.descNode, QStringLiteral("classDesc")));
        out.children.push_back(handle(n));
        if (!n.children.empty())
            out.children.push_back(
                build(n.children[0], QStringLiteral("constantName"), QStringLiteral("Name of the enum constant.")));
        break;
    case JavaKind::ClassDesc:
        out.type = QStringLiteral("classDesc");
        describe(QStringLiteral("TC_CLASSDESC: describes a class (name, serialVersionUID, flags, serializable fields) "
                                "so the receiver can read its instances."));
        addClassDesc(id, out);
        break;
    case JavaKind::ProxyClassDesc:
        out.type = QStringLiteral("proxyClassDesc");
        describe(QStringLiteral("TC_PROXYCLASSDESC: a dynamic proxy class, described by the interfaces it "
                                "implements (an RMI stub is such a proxy)."));
        addProxyClassDesc(id, out);
        break;
    case JavaKind::BlockData:
        out.type = QStringLiteral("blockData");
        describe(
            QStringLiteral("Block data: primitive values written with DataOutput methods (writeInt, writeUTF...)."));
        addBlockHeader(id, out);
        out.children.push_back(
            make(QStringLiteral("data"), QStringLiteral("bytes"),
                 hexBytes(m_bytes.sliced(n.dataOffset, std::min<qint64>(n.dataLength, m_bytes.size() - n.dataOffset))),
                 n.dataOffset, n.dataLength,
                 QStringLiteral("The primitive data; only the code that wrote it knows its "
                                "layout.")));
        break;
    case JavaKind::Reset:
        out.type = QStringLiteral("reset");
        describe(QStringLiteral("TC_RESET: the writer forgot all objects sent so far; handles start again at "
                                "0x7E0000."));
        out.children.push_back(typeCode(n));
        break;
    case JavaKind::Exception:
        out.type = QStringLiteral("exception");
        describe(QStringLiteral("TC_EXCEPTION: writing failed on the other side; this Throwable says why (handles "
                                "are reset before and after it)."));
        out.children.push_back(typeCode(n));
        if (!n.children.empty())
            out.children.push_back(build(n.children[0], QStringLiteral("throwable")));
        break;
    case JavaKind::Primitive:
        out.type = javatype::primitiveName(n.code);
        describe(QStringLiteral("A %1 value, big-endian.").arg(javatype::primitiveName(n.code)));
        break;
    }
    if (n.incomplete) {
        out.value += QStringLiteral(" (incomplete)");
        // Fields computed from lengths read before the data ran out may reach past it: keep what is there.
        clip(out, out.end());
    }
    return out;
}

void JavaTreeBuilder::clip(DecodeNode& node, qint64 end)
{
    for (auto it = node.children.begin(); it != node.children.end();) {
        if (it->hasBytes() && it->buffer == node.buffer && it->offset >= end) {
            it = node.children.erase(it);
            continue;
        }
        if (it->hasBytes() && it->end() > end)
            it->length = end - it->offset;
        clip(*it, end);
        ++it;
    }
}

void JavaTreeBuilder::addClassDesc(int id, DecodeNode& out) const
{
    const JavaNode& n = m_s.node(id);
    const JavaClassDescInfo& info = m_s.descInfo(id);
    out.children.push_back(typeCode(n));
    const qint64 nameLength = u16At(n.aux);
    qint64 at = n.aux;
    out.children.push_back(
        make(QStringLiteral("className"), QStringLiteral("utf"), quoted(n.text), at, 2 + nameLength,
             QStringLiteral("Fully qualified class name (arrays as \"[I\", \"[Ljava.lang.String;\").")));
    at += 2 + nameLength;
    const qint64 end = n.offset + n.length;
    if (at + 8 > end)
        return;
    out.children.push_back(
        make(QStringLiteral("serialVersionUID"), QStringLiteral("long"),
             QStringLiteral("%1 (0x%2)").arg(info.suid).arg(static_cast<quint64>(info.suid), 16, 16, QLatin1Char('0')),
             at, 8, QStringLiteral("Version stamp of the class: reader and writer must agree on it.")));
    at += 8;
    out.children.push_back(handle(n));
    if (at + 3 > end)
        return;
    out.children.push_back(
        make(QStringLiteral("flags"), QStringLiteral("u8"),
             QStringLiteral("0x%1 %2").arg(info.flags, 2, 16, QLatin1Char('0')).arg(flagNames(info.flags)), at, 1,
             QStringLiteral("How instances are written: SC_SERIALIZABLE (field values), "
                            "SC_WRITE_METHOD (plus custom writeObject data), SC_EXTERNALIZABLE, "
                            "SC_BLOCK_DATA, SC_ENUM.")));
    out.children.push_back(make(QStringLiteral("fieldCount"), QStringLiteral("u16"),
                                QString::number(info.fields.size()), at + 1, 2,
                                QStringLiteral("Number of serializable fields that follow.")));
    if (!info.fields.empty()) {
        const JavaFieldDesc& last = info.fields.back();
        DecodeNode fields = make(QStringLiteral("fields"), QStringLiteral("list"),
                                 QStringLiteral("%1 fields").arg(info.fields.size()), info.fields.front().offset,
                                 last.offset + last.length - info.fields.front().offset,
                                 QStringLiteral("The serializable fields, primitives first, each group sorted by "
                                                "name: the order in which values are written."));
        for (const JavaFieldDesc& f : info.fields) {
            DecodeNode field = make(f.name, QStringLiteral("fieldDesc"), fieldTypeName(f) + QLatin1Char(' ') + f.name,
                                    f.offset, f.length,
                                    QStringLiteral("Field descriptor: type code, name and, for "
                                                   "objects and arrays, the type as a string."));
            field.children.push_back(make(QStringLiteral("typeCode"), QStringLiteral("u8"),
                                          QStringLiteral("'%1' %2")
                                              .arg(QLatin1Char(f.code))
                                              .arg(javatype::isPrimitiveCode(f.code) ? javatype::primitiveName(f.code)
                                                       : f.code == '['               ? QStringLiteral("array")
                                                                                     : QStringLiteral("object")),
                                          f.offset, 1,
                                          QStringLiteral("Field type: B C D F I J S Z, L object, [ array.")));
            field.children.push_back(make(QStringLiteral("fieldName"), QStringLiteral("utf"), quoted(f.name),
                                          f.nameOffset, 2 + u16At(f.nameOffset), QStringLiteral("Name of the field.")));
            if (f.typeNode >= 0)
                field.children.push_back(build(f.typeNode, QStringLiteral("className1"),
                                               QStringLiteral("The field's type as a JVM type string; it is a String "
                                                              "object, so it takes a handle and may be a reference.")));
            fields.children.push_back(std::move(field));
        }
        out.children.push_back(std::move(fields));
    }
    addAnnotation(info.annotation, info.annotationEnd, QStringLiteral("classAnnotation"),
                  QStringLiteral("Class annotation: data the writer's annotateClass added (RMI writes the codebase "
                                 "URL here, null for none), ended by TC_ENDBLOCKDATA."),
                  out);
    if (m_s.valid(info.superNode))
        out.children.push_back(build(info.superNode, QStringLiteral("superClassDesc"),
                                     QStringLiteral("Descriptor of the nearest serializable superclass, or null.")));
}

void JavaTreeBuilder::addProxyClassDesc(int id, DecodeNode& out) const
{
    const JavaNode& n = m_s.node(id);
    const JavaClassDescInfo& info = m_s.descInfo(id);
    out.children.push_back(typeCode(n));
    out.children.push_back(handle(n));
    out.children.push_back(make(QStringLiteral("interfaceCount"), QStringLiteral("int"),
                                QString::number(info.interfaces.size()), n.offset + 1, 4,
                                QStringLiteral("Number of interfaces the proxy class implements.")));
    for (int i = 0; i < info.interfaces.size(); ++i) {
        const qint64 at = info.interfaceOffsets[static_cast<std::size_t>(i)];
        out.children.push_back(make(QStringLiteral("interface[%1]").arg(i), QStringLiteral("utf"),
                                    quoted(info.interfaces[i]), at, 2 + u16At(at),
                                    QStringLiteral("An interface the proxy implements (for an RMI stub: the remote "
                                                   "interface).")));
    }
    addAnnotation(info.annotation, info.annotationEnd, QStringLiteral("classAnnotation"),
                  QStringLiteral("Class annotation (RMI writes the codebase URL here, null for none), ended by "
                                 "TC_ENDBLOCKDATA."),
                  out);
    if (m_s.valid(info.superNode))
        out.children.push_back(build(info.superNode, QStringLiteral("superClassDesc"),
                                     QStringLiteral("Descriptor of the superclass: java.lang.reflect.Proxy.")));
}

void JavaTreeBuilder::addAnnotation(const std::vector<int>& contents, qint64 end, const QString& name,
                                    const QString& description, DecodeNode& out) const
{
    if (contents.empty() && end < 0)
        return;
    const qint64 start = contents.empty() ? end : m_s.node(contents.front()).offset;
    const qint64 stop = end >= 0
        ? end + 1
        : (contents.empty() ? start : m_s.node(contents.back()).offset + m_s.node(contents.back()).length);
    DecodeNode a = make(name, QStringLiteral("annotation"), QStringLiteral("%1 contents").arg(contents.size()), start,
                        stop - start, description);
    for (std::size_t i = 0; i < contents.size(); ++i)
        a.children.push_back(build(contents[i], QStringLiteral("content[%1]").arg(i)));
    if (end >= 0)
        a.children.push_back(make(QStringLiteral("endBlockData"), QStringLiteral("u8"),
                                  QStringLiteral("0x78 TC_ENDBLOCKDATA"), end, 1,
                                  QStringLiteral("End of the annotation.")));
    out.children.push_back(std::move(a));
}

void JavaTreeBuilder::addObject(int id, DecodeNode& out) const
{
    const JavaNode& n = m_s.node(id);
    out.children.push_back(typeCode(n));
    if (m_s.valid(n.descNode))
        out.children.push_back(build(n.descNode, QStringLiteral("classDesc")));
    out.children.push_back(handle(n));
    for (const JavaClassData& cd : n.classData) {
        if (!m_s.isDesc(cd.desc))
            continue;
        const JavaClassDescInfo& info = m_s.descInfo(cd.desc);
        const QString cls = m_s.className(cd.desc);
        if (info.fields.empty() && !cd.hasAnnotation && !cd.opaque && cd.externalOffset < 0)
            continue;
        QString what = QStringLiteral("%1 fields").arg(info.fields.size());
        if (cd.hasAnnotation)
            what += QStringLiteral(" + writeObject data");
        DecodeNode data
            = make(cls, QStringLiteral("classdata"), what, cd.offset, cd.length,
                   QStringLiteral("What class %1 wrote for this object: its field values in descriptor "
                                  "order%2.")
                       .arg(cls, cd.hasAnnotation ? QStringLiteral(", then its custom writeObject data") : QString()));
        for (std::size_t i = 0; i < cd.values.size() && i < info.fields.size(); ++i) {
            const JavaFieldDesc& f = info.fields[i];
            const QString fieldDescription = QStringLiteral("Field %1 of %2 (%3).").arg(f.name, cls, fieldTypeName(f));
            if (javatype::isPrimitiveCode(f.code)) {
                const JavaNode& v = m_s.node(cd.values[i]);
                data.children.push_back(
                    make(f.name, javatype::primitiveName(f.code),
                         summary(cd.values[i]) + (v.incomplete ? QStringLiteral(" (incomplete)") : QString()), v.offset,
                         v.length, fieldDescription));
            } else {
                data.children.push_back(build(cd.values[i], f.name, fieldDescription));
            }
        }
        if (cd.hasAnnotation) {
            const bool remote = cls == QLatin1String("java.rmi.server.RemoteObject") && addRemoteRef(cd, data);
            if (!remote)
                addAnnotation(cd.annotation, cd.annotationEnd, QStringLiteral("writeObject data"),
                              QStringLiteral("Data the class's own writeObject (or writeExternal) method wrote: "
                                             "block data and objects, ended by TC_ENDBLOCKDATA."),
                              data);
        }
        if (cd.externalOffset >= 0)
            addExternalContents(cd, data);
        if (cls == QLatin1String("java.rmi.MarshalledObject"))
            addMarshalled(id, data);
        if (cd.opaque)
            data.children.push_back(make(QStringLiteral("externalContents"), QStringLiteral("opaque"),
                                         QStringLiteral("unreadable without the class"), cd.offset,
                                         m_bytes.size() - cd.offset,
                                         QStringLiteral("Externalizable data written with stream protocol version 1: "
                                                        "only the class's readExternal knows where it ends.")));
        out.children.push_back(std::move(data));
    }
}

void JavaTreeBuilder::addArray(int id, DecodeNode& out) const
{
    const JavaNode& n = m_s.node(id);
    out.children.push_back(typeCode(n));
    if (m_s.valid(n.descNode))
        out.children.push_back(build(n.descNode, QStringLiteral("classDesc")));
    if (n.handle < 0)
        return;
    out.children.push_back(handle(n));
    const qint64 sizeAt
        = m_s.valid(n.descNode) ? m_s.node(n.descNode).offset + m_s.node(n.descNode).length : n.offset + 1;
    out.children.push_back(make(QStringLiteral("size"), QStringLiteral("int"), QString::number(n.size), sizeAt, 4,
                                QStringLiteral("Number of elements.")));
    if (javatype::isPrimitiveCode(n.code)) {
        if (n.incomplete)
            return;
        const int size = javatype::primitiveSize(n.code);
        const qint64 shown = std::min<qint64>(n.size, kMaxElementsShown);
        for (qint64 i = 0; i < shown; ++i) {
            const qint64 at = n.dataOffset + i * size;
            out.children.push_back(make(QStringLiteral("element[%1]").arg(i), javatype::primitiveName(n.code),
                                        javatype::primitiveText(n.code, m_bytes.sliced(at, size)), at, size,
                                        QStringLiteral("Array element %1.").arg(i)));
        }
        if (n.size > shown)
            out.children.push_back(make(QStringLiteral("more"), QStringLiteral("elements"),
                                        QStringLiteral("%1 more elements").arg(n.size - shown),
                                        n.dataOffset + shown * size, (n.size - shown) * size,
                                        QStringLiteral("Further elements, not listed one by one.")));
        return;
    }
    for (std::size_t i = 0; i < n.children.size(); ++i)
        out.children.push_back(
            build(n.children[i], QStringLiteral("element[%1]").arg(i), QStringLiteral("Array element %1.").arg(i)));
}

} // namespace rpcscope
