#include "jrmppayload.h"

#include "javaserialization.h"

#include <algorithm>

namespace rpcscope {

namespace {
QString hexText(QByteArrayView bytes, int max = 32)
{
    QString text = QString::fromLatin1(bytes.first(std::min<qsizetype>(bytes.size(), max)).toByteArray().toHex(' '));
    if (bytes.size() > max)
        text += QStringLiteral(" …");
    return text;
}
} // namespace

JrmpPayload::JrmpPayload(const QByteArray& message, const DecodeContext& context)
    : m_bytes(message)
    , m_limits(context.limits())
    , m_buildTree(context.buildTree())
    , m_stream(JavaSerializationParser::parse(m_bytes, 1, m_limits))
    , m_reader(m_stream, m_stream.contents, m_bytes)
    , m_values(m_stream, m_bytes, m_limits)
{ }

void JrmpPayload::record(DecodeNode node)
{
    if (m_buildTree)
        m_fields.push_back(std::move(node));
}

void JrmpPayload::addRootNode(DecodeNode node)
{
    if (m_buildTree)
        m_rootNodes.push_back(std::move(node));
}

bool JrmpPayload::readPrimitive(char code, const QString& name, const QString& description, RpcValue* value,
                                QString* text)
{
    const int size = javatype::primitiveSize(code);
    char raw[8];
    JavaBlockReader::Range range;
    if (size == 0 || !m_reader.readSmall(size, raw, &range))
        return false;
    const QByteArrayView bytes(raw, size);
    if (value)
        *value = javatype::primitiveValue(code, bytes);
    if (text)
        *text = javatype::primitiveText(code, bytes);
    if (m_buildTree) {
        DecodeNode n;
        n.name = name;
        n.type = javatype::primitiveName(code);
        n.value = javatype::primitiveText(code, bytes);
        n.description = description;
        n.offset = range.offset;
        n.length = range.length;
        record(std::move(n));
    }
    return true;
}

bool JrmpPayload::readInt(const QString& name, const QString& description, qint32& v, const QString& shown)
{
    JavaBlockReader::Range range;
    if (!m_reader.i32(v, &range))
        return false;
    if (m_buildTree) {
        DecodeNode n;
        n.name = name;
        n.type = QStringLiteral("int");
        n.value = shown.isEmpty() ? QString::number(v) : shown;
        n.description = description;
        n.offset = range.offset;
        n.length = range.length;
        record(std::move(n));
    }
    return true;
}

bool JrmpPayload::readLong(const QString& name, const QString& description, qint64& v, const QString& shown)
{
    JavaBlockReader::Range range;
    if (!m_reader.i64(v, &range))
        return false;
    if (m_buildTree) {
        DecodeNode n;
        n.name = name;
        n.type = QStringLiteral("long");
        n.value = shown.isEmpty() ? QString::number(v) : shown;
        n.description = description;
        n.offset = range.offset;
        n.length = range.length;
        record(std::move(n));
    }
    return true;
}

bool JrmpPayload::readUid(const QString& name, const QString& description, RmiUid& uid)
{
    JavaBlockReader::Range a, b, c;
    if (m_reader.blockRemaining() < 14 || !m_reader.i32(uid.unique, &a) || !m_reader.i64(uid.time, &b)
        || !m_reader.i16(uid.count, &c))
        return false;
    if (m_buildTree) {
        DecodeNode n;
        n.name = name;
        n.type = QStringLiteral("UID");
        n.value = uid.toString();
        n.description = description;
        n.offset = a.offset;
        n.length = c.offset + c.length - a.offset;
        n.add(QStringLiteral("unique"), QStringLiteral("int"),
              QStringLiteral("0x%1").arg(static_cast<quint32>(uid.unique), 8, 16, QLatin1Char('0')), a.offset, a.length,
              QStringLiteral("Identifies the VM (address space) that made the UID; 0 for well-known objects."));
        n.add(QStringLiteral("time"), QStringLiteral("long"), QString::number(uid.time), b.offset, b.length,
              QStringLiteral("When the UID was made (milliseconds since 1970)."));
        n.add(QStringLiteral("count"), QStringLiteral("short"), QString::number(uid.count), c.offset, c.length,
              QStringLiteral("Distinguishes UIDs made by the same VM in the same millisecond."));
        record(std::move(n));
    }
    return true;
}

bool JrmpPayload::readObjId(const QString& name, const QString& description, RmiObjId& id)
{
    if (m_reader.blockRemaining() < 22)
        return false;
    JavaBlockReader::Range range, a, b, c;
    m_reader.i64(id.objNum, &range);
    m_reader.i32(id.uid.unique, &a);
    m_reader.i64(id.uid.time, &b);
    m_reader.i16(id.uid.count, &c);
    if (m_buildTree) {
        DecodeNode n;
        n.name = name;
        n.type = QStringLiteral("ObjID");
        n.value = id.toString();
        n.description = description;
        n.offset = range.offset;
        n.length = c.offset + c.length - range.offset;
        // Exported objects have random numbers, shown in hex like the ObjID text; well-known ones are named.
        QString objNumText = QStringLiteral("0x%1").arg(static_cast<quint64>(id.objNum), 16, 16, QLatin1Char('0'));
        if (id.isWellKnown())
            objNumText = QString::number(id.objNum)
                + (id.objNum == 0       ? QStringLiteral(" (registry)")
                       : id.objNum == 2 ? QStringLiteral(" (DGC)")
                                        : QStringLiteral(" (activator)"));
        n.add(QStringLiteral("objNum"), QStringLiteral("long"), objNumText, range.offset, range.length,
              QStringLiteral("Object number: 0 registry, 1 activator, 2 distributed garbage collector, otherwise a "
                             "random number given when the object was exported."));
        DecodeNode& uid = n.add(QStringLiteral("uid"), QStringLiteral("UID"), id.uid.toString(), a.offset,
                                c.offset + c.length - a.offset,
                                QStringLiteral("UID of the VM that exported the object (all zero for well-known "
                                               "objects)."));
        uid.add(QStringLiteral("unique"), QStringLiteral("int"),
                QStringLiteral("0x%1").arg(static_cast<quint32>(id.uid.unique), 8, 16, QLatin1Char('0')), a.offset,
                a.length, QStringLiteral("Identifies the exporting VM."));
        uid.add(QStringLiteral("time"), QStringLiteral("long"), QString::number(id.uid.time), b.offset, b.length,
                QStringLiteral("When the UID was made (milliseconds since 1970)."));
        uid.add(QStringLiteral("count"), QStringLiteral("short"), QString::number(id.uid.count), c.offset, c.length,
                QStringLiteral("Distinguishes UIDs made in the same millisecond."));
        record(std::move(n));
    }
    return true;
}

int JrmpPayload::readObject(const QString& name, const QString& description, RpcValue& value)
{
    const int id = m_reader.nextObject();
    if (id < 0)
        return -1;
    value = m_values.value(id);
    if (m_buildTree)
        m_names[id] = Name {name, description};
    return id;
}

bool JrmpPayload::readValue(const JavaType& type, const QString& name, const QString& description, RpcValue& value)
{
    if (type.isPrimitive())
        return readPrimitive(type.code(), name, description, &value);
    return readObject(name, description, value) >= 0;
}

void JrmpPayload::readRest(const QString& prefix, int first, const QString& rawDescription, RpcArray& values)
{
    int index = first;
    while (!m_reader.atEnd()) {
        const qint64 raw = m_reader.blockRemaining();
        if (raw > 0) {
            QByteArray bytes;
            JavaBlockReader::Range range;
            m_reader.read(raw, bytes, &range);
            if (m_buildTree) {
                DecodeNode n;
                n.name = QStringLiteral("%1[%2]").arg(prefix).arg(index);
                n.type = QStringLiteral("bytes");
                n.value = hexText(bytes);
                n.description = rawDescription;
                n.offset = range.offset;
                n.length = range.length;
                record(std::move(n));
            }
            values.push_back(RpcValue::fromBytes(bytes));
            ++index;
            continue;
        }
        RpcValue v;
        if (readObject(QStringLiteral("%1[%2]").arg(prefix).arg(index), {}, v) < 0)
            break;
        values.push_back(std::move(v));
        ++index;
    }
}

void JrmpPayload::finish(DecodedMessage& message, DecodeNode* root)
{
    const JavaStream& s = m_stream;
    if (m_buildTree && root) {
        JavaTreeBuilder trees(s, m_bytes, m_limits);
        if (m_bytes.size() >= 5)
            trees.addStreamHeader(*root);
        std::sort(m_fields.begin(), m_fields.end(),
                  [](const DecodeNode& a, const DecodeNode& b) { return a.offset < b.offset; });
        auto field = m_fields.begin();
        for (std::size_t i = 0; i < s.contents.size(); ++i) {
            const int id = s.contents[i];
            const JavaNode& n = s.node(id);
            if (n.kind != JavaKind::BlockData) {
                const auto named = m_names.find(id);
                root->children.push_back(named == m_names.end()
                                             ? trees.build(id, QStringLiteral("content[%1]").arg(i))
                                             : trees.build(id, named->second.name, named->second.description));
                continue;
            }
            DecodeNode block;
            block.name = QStringLiteral("blockData");
            block.type = QStringLiteral("blockData");
            block.value = QStringLiteral("%1 bytes").arg(n.dataLength);
            block.description = QStringLiteral("A block data record: primitive values written with DataOutput "
                                               "methods. RMI writes the call or return header here, and primitive "
                                               "arguments and results.");
            block.offset = n.offset;
            block.length = n.length;
            trees.addBlockHeader(id, block);
            const qint64 dataEnd = n.dataOffset + n.dataLength;
            qint64 covered = n.dataOffset;
            while (field != m_fields.end() && field->offset < dataEnd) {
                if (field->offset > covered)
                    block.add(QStringLiteral("data"), QStringLiteral("bytes"),
                              hexText(QByteArrayView(m_bytes).sliced(covered, field->offset - covered)), covered,
                              field->offset - covered, QStringLiteral("Primitive data the decoder did not interpret."));
                covered = std::max(covered, field->end());
                block.children.push_back(std::move(*field));
                ++field;
            }
            if (covered < dataEnd)
                block.add(QStringLiteral("data"), QStringLiteral("bytes"),
                          hexText(QByteArrayView(m_bytes).sliced(covered, dataEnd - covered)), covered,
                          dataEnd - covered, QStringLiteral("Primitive data the decoder did not interpret."));
            root->children.push_back(std::move(block));
        }
        for (DecodeNode& n : m_rootNodes)
            root->children.push_back(std::move(n));
    }

    switch (s.end) {
    case JavaStream::End::Complete:
        break;
    case JavaStream::End::Boundary: {
        const qint64 extra = m_bytes.size() - s.stopOffset;
        if (root && m_buildTree)
            root->add(QStringLiteral("trailing"), QStringLiteral("bytes"),
                      hexText(QByteArrayView(m_bytes).sliced(s.stopOffset)), s.stopOffset, extra,
                      QStringLiteral("Bytes after the end of the serialization stream."));
        message.addProblem(QStringLiteral("%1 bytes after the end of the serialization stream (at byte %2)")
                               .arg(extra)
                               .arg(s.stopOffset),
                           s.stopOffset, m_buildTree ? root : nullptr, extra);
        break;
    }
    case JavaStream::End::Truncated:
    case JavaStream::End::Error:
        message.addProblem(s.error, s.stopOffset, m_buildTree ? root : nullptr);
        break;
    case JavaStream::End::Opaque: {
        // Not malformed: the bytes are fine, only their layout is private to the class. But what follows them
        // (later arguments too) is not shown, and that must be said.
        const qint64 rest = m_bytes.size() - s.stopOffset;
        if (root && m_buildTree)
            root->add(QStringLiteral("opaque"), QStringLiteral("bytes"), QStringLiteral("%1 bytes").arg(rest),
                      s.stopOffset, rest, s.error);
        message.addTruncation(QStringLiteral("%1; the %2 bytes from byte %3 to the end of the message (that data and "
                                             "any values after it) cannot be decoded")
                                  .arg(s.error)
                                  .arg(rest)
                                  .arg(s.stopOffset),
                              s.stopOffset);
        message.summary += QStringLiteral(" (partly opaque: %1)").arg(s.error);
        break;
    }
    }
    for (const Problem& p : m_values.problems()) {
        DecodeNode* where = m_buildTree ? root : nullptr;
        if (p.kind == Problem::Kind::Malformed)
            message.addProblem(p.text, p.offset, where);
        else if (p.kind == Problem::Kind::Lenient)
            message.addLenient(p.text, p.offset);
        else
            message.addTruncation(p.text, p.offset, where);
    }
    if (s.invalidStrings > 0)
        message.addLenient(QStringLiteral("%1 string(s) are not valid modified UTF-8 (a Java reader refuses them; the "
                                          "first at byte %2): the bytes that do not decode are shown as U+FFFD")
                               .arg(s.invalidStrings)
                               .arg(s.firstInvalidString),
                           s.firstInvalidString);
}

} // namespace rpcscope
