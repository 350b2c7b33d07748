// JavaSerializationParser, continued: class descriptors (TC_CLASSDESC, TC_PROXYCLASSDESC and their field type
// strings) and objects, with the data each class of an object's chain wrote: field values, writeObject annotations
// and Externalizable data (in block mode, or in protocol version 1 without block markers, as RMI writes it).
#include "javaserialization.h"

#include "decodelimits.h"
#include "javatime.h"
#include "javatype.h"

#include <algorithm>

namespace rpcscope {

using namespace javastream;

int JavaSerializationParser::readClassDesc(int depth, int& resolved)
{
    resolved = -1;
    const qint64 at = m_c.pos();
    const int tc = m_c.peek();
    if (tc < 0) {
        truncated(QStringLiteral("a class descriptor"));
        return -1;
    }
    switch (tc) {
    case TC_CLASSDESC:
    case TC_PROXYCLASSDESC: {
        // Only a new descriptor nests (its superclass follows inside it); null and references do not.
        if (depth > m_maxDepth) {
            fail(QStringLiteral("nesting deeper than %1 levels").arg(m_maxDepth), at);
            return -1;
        }
        const int id = readNewClassDesc(depth);
        resolved = id;
        return id;
    }
    case TC_NULL: {
        const int id = newNode(JavaKind::Null);
        if (id >= 0) {
            m_c.u8();
            finish(id);
        }
        return id;
    }
    case TC_REFERENCE: {
        const int id = readReference();
        if (halted())
            return id;
        if (!m_s.isDesc(n(id).target)) {
            fail(QStringLiteral("TC_REFERENCE to %1 where a class descriptor was expected")
                     .arg(JavaStream::wireHandleText(n(id).wireHandle)),
                 at);
            return id;
        }
        resolved = n(id).target;
        return id;
    }
    default:
        fail(QStringLiteral("expected a class descriptor, found %1").arg(typeCodeName(tc)), at);
        return -1;
    }
}

int JavaSerializationParser::readNewClassDesc(int depth)
{
    const int tc = m_c.peek();
    const bool proxy = tc == TC_PROXYCLASSDESC;
    const int id = newNode(proxy ? JavaKind::ProxyClassDesc : JavaKind::ClassDesc);
    if (id < 0)
        return -1;
    m_c.u8();
    const int info = static_cast<int>(m_s.descs.size());
    m_s.descs.emplace_back();
    n(id).info = info;
    auto desc = [&]() -> JavaClassDescInfo& { return m_s.descs[static_cast<std::size_t>(info)]; };

    if (proxy) {
        assignHandle(id);
        const qint64 countAt = m_c.pos();
        const qint32 count = m_c.i32be();
        if (!checkRead("a proxy interface count")) {
            finish(id);
            return id;
        }
        // The JDK refuses more than 65535 interfaces; each name takes at least its 2-byte length.
        if (count < 0 || count > 65535) {
            fail(QStringLiteral("proxy class descriptor claims %1 interfaces").arg(count), countAt);
            finish(id);
            return id;
        }
        if (count > m_c.remaining() / 2) {
            truncated(QStringLiteral("the interface names of a proxy class descriptor"));
            finish(id);
            return id;
        }
        desc().flags = SC_SERIALIZABLE;
        for (qint32 i = 0; i < count; ++i) {
            const qint64 nameAt = m_c.pos();
            QString name;
            if (!readUtf(name)) {
                finish(id);
                return id;
            }
            desc().interfaces << name;
            desc().interfaceOffsets.push_back(nameAt);
        }
    } else {
        n(id).aux = m_c.pos();
        QString name;
        if (!readUtf(name)) {
            finish(id);
            return id;
        }
        n(id).text = name;
        desc().suid = m_c.i64be();
        if (!checkRead("a serialVersionUID")) {
            finish(id);
            return id;
        }
        assignHandle(id);
        desc().flags = m_c.u8();
        const qint64 countAt = m_c.pos();
        const qint16 count = m_c.i16be();
        if (!checkRead("a class descriptor's flags and field count")) {
            finish(id);
            return id;
        }
        if (count < 0) {
            fail(QStringLiteral("negative field count %1").arg(count), countAt);
            finish(id);
            return id;
        }
        desc().fields.reserve(static_cast<std::size_t>(std::min<qint64>(count, m_c.remaining() / 3)));
        for (qint16 i = 0; i < count; ++i) {
            JavaFieldDesc field;
            field.offset = m_c.pos();
            field.code = static_cast<char>(m_c.u8());
            if (!checkRead("a field descriptor")) {
                finish(id);
                return id;
            }
            field.nameOffset = m_c.pos();
            if (!readUtf(field.name)) {
                finish(id);
                return id;
            }
            if (field.code == 'L' || field.code == '[') {
                field.typeNode = readTypeString(depth + 1);
                if (halted()) {
                    field.length = m_c.pos() - field.offset;
                    desc().fields.push_back(field);
                    finish(id);
                    return id;
                }
                const int t = m_s.resolve(field.typeNode);
                field.typeName = m_s.valid(t) ? m_s.node(t).text : QString();
            } else if (!javatype::isPrimitiveCode(field.code)) {
                fail(QStringLiteral("field '%1' has unknown type code 0x%2")
                         .arg(field.name)
                         .arg(static_cast<quint8>(field.code), 2, 16, QLatin1Char('0')),
                     field.offset);
                finish(id);
                return id;
            }
            field.length = m_c.pos() - field.offset;
            desc().fields.push_back(field);
        }
    }

    std::vector<int> annotation;
    qint64 annotationEnd = -1;
    readAnnotation(depth + 1, annotation, annotationEnd);
    desc().annotation = std::move(annotation);
    desc().annotationEnd = annotationEnd;
    if (halted()) {
        finish(id);
        return id;
    }
    int superDesc = -1;
    const int superNode = readClassDesc(depth + 1, superDesc);
    desc().superNode = superNode;
    desc().superDesc = superDesc;
    finish(id);
    return id;
}

int JavaSerializationParser::readTypeString(int depth)
{
    const qint64 at = m_c.pos();
    const int tc = m_c.peek();
    if (tc < 0) {
        truncated(QStringLiteral("a field type string"));
        return -1;
    }
    if (tc == TC_STRING || tc == TC_LONGSTRING)
        return readNewString();
    if (tc == TC_NULL)
        return readContent(depth, Where::Value);
    if (tc == TC_REFERENCE) {
        const int id = readReference();
        if (!halted() && (!m_s.valid(n(id).target) || m_s.node(n(id).target).kind != JavaKind::String))
            fail(QStringLiteral("field type refers to a handle that is not a string"), at);
        return id;
    }
    fail(QStringLiteral("expected a field type string, found %1").arg(typeCodeName(tc)), at);
    return -1;
}

int JavaSerializationParser::readNewObject(int depth)
{
    const int id = newNode(JavaKind::Object);
    if (id < 0)
        return -1;
    const qint64 at = m_c.pos();
    m_c.u8();
    int desc = -1;
    const int descNode = readClassDesc(depth + 1, desc);
    n(id).descNode = descNode;
    n(id).desc = desc;
    if (halted()) {
        finish(id);
        return id;
    }
    if (desc < 0) {
        fail(QStringLiteral("TC_OBJECT with a null class descriptor"), at);
        finish(id);
        return id;
    }
    assignHandle(id);
    readClassData(id, depth);
    finish(id);
    return id;
}

void JavaSerializationParser::readClassData(int object, int depth)
{
    // A chain that refers back to itself would never end; the JDK cannot write one.
    qint64 links = 0;
    for (int d = n(object).desc; m_s.isDesc(d); d = m_s.descInfo(d).superDesc) {
        if (++links > static_cast<qint64>(m_s.nodes.size())) {
            fail(QStringLiteral("the class descriptor chain of %1 loops").arg(m_s.className(n(object).desc)),
                 n(object).offset);
            return;
        }
    }
    const std::vector<int> chain = m_s.classChain(n(object).desc);
    for (int cd : chain) {
        {
            JavaClassData data;
            data.desc = cd;
            data.offset = m_c.pos();
            n(object).classData.push_back(data);
        }
        const std::size_t slot = n(object).classData.size() - 1;
        auto data = [&]() -> JavaClassData& { return n(object).classData[slot]; };
        const quint8 flags = m_s.descInfo(cd).flags;
        if (flags & SC_EXTERNALIZABLE) {
            if (flags & SC_BLOCK_DATA) {
                std::vector<int> annotation;
                qint64 end = -1;
                data().hasAnnotation = true;
                readAnnotation(depth + 1, annotation, end);
                data().annotation = std::move(annotation);
                data().annotationEnd = end;
            } else {
                readExternalV1(cd, data());
            }
        } else if (flags & SC_SERIALIZABLE) {
            const std::size_t fieldCount = m_s.descInfo(cd).fields.size();
            for (std::size_t i = 0; i < fieldCount && !halted(); ++i) {
                const char code = m_s.descInfo(cd).fields[i].code;
                int value = -1;
                if (javatype::isPrimitiveCode(code)) {
                    value = newNode(JavaKind::Primitive);
                    if (value < 0)
                        break;
                    n(value).code = code;
                    m_c.skip(javatype::primitiveSize(code));
                    if (!checkRead("a primitive field value")) {
                        finish(value);
                        data().values.push_back(value);
                        break;
                    }
                    finish(value);
                } else {
                    value = readContent(depth + 1, Where::Value);
                }
                if (value >= 0)
                    data().values.push_back(value);
            }
            if (!halted() && (flags & SC_WRITE_METHOD)) {
                std::vector<int> annotation;
                qint64 end = -1;
                data().hasAnnotation = true;
                readAnnotation(depth + 1, annotation, end);
                data().annotation = std::move(annotation);
                data().annotationEnd = end;
            }
        }
        data().length = m_c.pos() - data().offset;
        if (halted())
            return;
    }
}

void JavaSerializationParser::readExternalV1(int desc, JavaClassData& data)
{
    // Protocol version 1 (what RMI writes) puts writeExternal's bytes straight into the stream, without block
    // markers: only a reader that knows the class's layout can tell where they end. java.time.Ser's layout is
    // documented and fixed; any other class stops the parse here.
    const QString cls = m_s.className(desc);
    QString reason;
    if (javatime::isSerClass(cls)) {
        const javatime::SerData ser = javatime::readSer(m_bytes, m_c.pos());
        if (ser.status == javatime::SerData::Status::Ok) {
            data.externalOffset = m_c.pos();
            data.externalLength = ser.length;
            m_c.skip(ser.length);
            return;
        }
        if (ser.status == javatime::SerData::Status::Truncated) {
            truncated(QStringLiteral("the external data of %1 (%2)").arg(cls, ser.error));
            return;
        }
        reason = ser.error;
    } else {
        reason = QStringLiteral("%1 is Externalizable and was written with stream protocol version 1 (as RMI writes "
                                "it): its data has no length or end marker, and only the class's readExternal knows "
                                "where it ends")
                     .arg(cls);
    }
    data.opaque = true;
    m_stopped = true;
    m_s.end = JavaStream::End::Opaque;
    m_s.stopOffset = m_c.pos();
    m_s.error = reason;
}

void JavaSerializationParser::readAnnotation(int depth, std::vector<int>& out, qint64& end)
{
    while (!halted()) {
        const int tc = m_c.peek();
        if (tc < 0) {
            truncated(QStringLiteral("an annotation (expected more contents or TC_ENDBLOCKDATA)"));
            return;
        }
        if (tc == TC_ENDBLOCKDATA) {
            end = m_c.pos();
            m_c.u8();
            return;
        }
        const int id = readContent(depth, Where::Annotation);
        if (id >= 0)
            out.push_back(id);
    }
}

} // namespace rpcscope
