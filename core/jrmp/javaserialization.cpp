#include "javaserialization.h"

#include "decodelimits.h"
#include "javatype.h"
#include "modifiedutf8.h"

#include <algorithm>

namespace rpcscope {

using namespace javastream;

JavaSerializationParser::JavaSerializationParser(QByteArrayView bytes, qint64 start, const DecodeLimits& limits,
                                                 bool decodeText)
    : m_bytes(bytes)
    , m_c(bytes)
    , m_limits(limits)
    , m_decodeText(decodeText)
    , m_maxDepth(std::clamp(limits.maxDepth, 1, kStackSafeDepth))
{
    m_c.seek(std::clamp<qint64>(start, 0, bytes.size()));
    m_s.offset = m_c.pos();
    m_s.stopOffset = m_c.pos();
}

JavaStream JavaSerializationParser::parse(QByteArrayView bytes, qint64 start, const DecodeLimits& limits)
{
    JavaSerializationParser p(bytes, start, limits);
    p.parseAll();
    return p.takeStream();
}

void JavaSerializationParser::parseAll()
{
    if (!readHeader())
        return;
    while (next()) { }
}

bool JavaSerializationParser::readHeader()
{
    const qint64 at = m_c.pos();
    m_s.magic = m_c.u16be();
    m_s.version = m_c.u16be();
    if (m_c.failed()) {
        m_c = ByteCursor(m_bytes);
        m_c.seek(at);
        truncated(QStringLiteral("the stream header (magic AC ED, version 00 05)"));
        return false;
    }
    if (m_s.magic != kMagic) {
        fail(QStringLiteral("stream magic is 0x%1, not 0xACED").arg(m_s.magic, 4, 16, QLatin1Char('0')), at);
        return false;
    }
    if (m_s.version != kVersion) {
        fail(QStringLiteral("stream version is %1, not 5").arg(m_s.version), at + 2);
        return false;
    }
    m_s.headerOk = true;
    m_s.stopOffset = m_c.pos();
    return true;
}

bool JavaSerializationParser::next()
{
    if (m_stopped || !m_s.headerOk)
        return false;
    if (m_c.atEnd()) {
        m_s.end = JavaStream::End::Complete;
        m_s.stopOffset = m_c.pos();
        return false;
    }
    if (!isTypeCode(m_c.peek())) {
        m_s.end = JavaStream::End::Boundary;
        m_s.stopOffset = m_c.pos();
        return false;
    }
    const int id = readContent(0, Where::TopLevel);
    if (id >= 0)
        m_s.contents.push_back(id);
    if (m_stopped)
        return false;
    // A TC_EXCEPTION inside an object abandons that object (the reader throws WriteAbortedException); the next
    // top-level content is readable again.
    m_aborted = false;
    m_s.stopOffset = m_c.pos();
    return true;
}

int JavaSerializationParser::newNode(JavaKind kind)
{
    if (static_cast<qint64>(m_s.nodes.size()) >= m_limits.maxValues) {
        fail(QStringLiteral("more than %1 values in one stream").arg(m_limits.maxValues), m_c.pos());
        return -1;
    }
    JavaNode& node = m_s.nodes.emplace_back();
    node.kind = kind;
    node.offset = m_c.pos();
    return static_cast<int>(m_s.nodes.size()) - 1;
}

void JavaSerializationParser::assignHandle(int id)
{
    n(id).handle = static_cast<qint32>(m_handles.size());
    m_handles.push_back(id);
}

void JavaSerializationParser::finish(int id)
{
    if (id < 0)
        return;
    JavaNode& node = n(id);
    node.length = m_c.pos() - node.offset;
    if (halted())
        node.incomplete = true;
}

bool JavaSerializationParser::checkRead(const char* what)
{
    if (!m_c.failed())
        return true;
    truncated(QString::fromLatin1(what));
    return false;
}

void JavaSerializationParser::truncated(const QString& what)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_s.end = JavaStream::End::Truncated;
    m_s.stopOffset = m_c.pos();
    m_s.error = QStringLiteral("the data ends inside %1").arg(what);
}

void JavaSerializationParser::fail(const QString& text, qint64 at)
{
    if (halted())
        return;
    m_stopped = true;
    m_s.end = JavaStream::End::Error;
    m_s.stopOffset = at;
    m_s.error = text;
}

bool JavaSerializationParser::readUtf(QString& out)
{
    const quint16 len = m_c.u16be();
    if (!checkRead("a UTF string length"))
        return false;
    const qint64 at = m_c.pos();
    const QByteArrayView bytes = m_c.bytes(len);
    if (!checkRead("a UTF string"))
        return false;
    bool valid = true;
    out = modifiedutf8::decode(bytes, &valid);
    if (!valid)
        invalidString(at);
    return true;
}

void JavaSerializationParser::invalidString(qint64 at)
{
    if (m_s.invalidStrings++ == 0)
        m_s.firstInvalidString = at;
}

int JavaSerializationParser::readContent(int depth, Where where)
{
    const qint64 at = m_c.pos();
    if (depth > m_maxDepth) {
        fail(QStringLiteral("nesting deeper than %1 levels").arg(m_maxDepth), at);
        return -1;
    }
    const int tc = m_c.peek();
    if (tc < 0) {
        truncated(QStringLiteral("a content (expected a type code)"));
        return -1;
    }
    switch (tc) {
    case TC_NULL: {
        const int id = newNode(JavaKind::Null);
        if (id >= 0) {
            m_c.u8();
            finish(id);
        }
        return id;
    }
    case TC_REFERENCE:
        return readReference();
    case TC_CLASSDESC:
    case TC_PROXYCLASSDESC:
        return readNewClassDesc(depth);
    case TC_OBJECT:
        return readNewObject(depth);
    case TC_STRING:
    case TC_LONGSTRING:
        return readNewString();
    case TC_ARRAY:
        return readNewArray(depth);
    case TC_CLASS:
        return readNewClass(depth);
    case TC_ENUM:
        return readNewEnum(depth);
    case TC_EXCEPTION: {
        const int id = readException(depth);
        if (depth > 0 && !m_stopped) {
            m_aborted = true;
            ++m_s.abortedObjects;
        }
        return id;
    }
    case TC_BLOCKDATA:
    case TC_BLOCKDATALONG:
        if (where == Where::Value) {
            fail(QStringLiteral("block data where an object was expected"), at);
            return -1;
        }
        return readBlockData();
    case TC_RESET: {
        if (depth > 0) {
            fail(QStringLiteral("TC_RESET inside an object (allowed only between top-level objects)"), at);
            return -1;
        }
        const int id = newNode(JavaKind::Reset);
        if (id >= 0) {
            m_c.u8();
            m_handles.clear();
            finish(id);
        }
        return id;
    }
    case TC_ENDBLOCKDATA:
        fail(QStringLiteral("TC_ENDBLOCKDATA outside an annotation"), at);
        return -1;
    default:
        fail(QStringLiteral("0x%1 is not a serialization type code (expected 0x70-0x7E)")
                 .arg(tc, 2, 16, QLatin1Char('0')),
             at);
        return -1;
    }
}

int JavaSerializationParser::readReference()
{
    const qint64 at = m_c.pos();
    const int id = newNode(JavaKind::Reference);
    if (id < 0)
        return -1;
    m_c.u8();
    const qint32 handle = m_c.i32be();
    if (!checkRead("a TC_REFERENCE handle")) {
        finish(id);
        return id;
    }
    n(id).wireHandle = handle;
    const qint64 index = qint64(handle) - kBaseWireHandle;
    if (index < 0 || index >= static_cast<qint64>(m_handles.size())) {
        finish(id);
        fail(QStringLiteral("TC_REFERENCE to handle 0x%1, which has not been assigned")
                 .arg(static_cast<quint32>(handle), 0, 16),
             at + 1);
        n(id).incomplete = true;
        return id;
    }
    n(id).target = m_handles[static_cast<std::size_t>(index)];
    finish(id);
    return id;
}

int JavaSerializationParser::readNewString()
{
    const int id = newNode(JavaKind::String);
    if (id < 0)
        return -1;
    const bool longString = m_c.u8() == TC_LONGSTRING;
    const qint64 lengthAt = m_c.pos();
    const qint64 length = longString ? m_c.i64be() : m_c.u16be();
    n(id).aux = longString ? 8 : 2;
    if (!checkRead("a string length")) {
        finish(id);
        return id;
    }
    assignHandle(id);
    if (length < 0 || length > m_limits.maxStringBytes) {
        fail(
            QStringLiteral("string of %1 bytes exceeds the limit of %2 bytes").arg(length).arg(m_limits.maxStringBytes),
            lengthAt);
        finish(id);
        return id;
    }
    if (length > m_c.remaining()) {
        truncated(QStringLiteral("a string of %1 bytes (%2 available)").arg(length).arg(m_c.remaining()));
        finish(id);
        return id;
    }
    n(id).dataOffset = m_c.pos();
    const QByteArrayView bytes = m_c.bytes(length);
    if (m_decodeText) {
        bool valid = true;
        n(id).text = modifiedutf8::decode(bytes, &valid);
        if (!valid) {
            n(id).invalidText = true;
            invalidString(n(id).dataOffset);
        }
    }
    finish(id);
    return id;
}

int JavaSerializationParser::readNewArray(int depth)
{
    const int id = newNode(JavaKind::Array);
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
    const QString name = m_s.node(std::max(desc, 0)).text;
    if (desc < 0 || m_s.node(desc).kind != JavaKind::ClassDesc || name.size() < 2 || name.at(0) != QLatin1Char('[')) {
        fail(QStringLiteral("TC_ARRAY whose class '%1' is not an array class").arg(desc < 0 ? QString() : name), at);
        finish(id);
        return id;
    }
    assignHandle(id);
    const qint64 sizeAt = m_c.pos();
    const qint32 size = m_c.i32be();
    if (!checkRead("an array size")) {
        finish(id);
        return id;
    }
    n(id).size = size;
    const char code = static_cast<char>(name.at(1).unicode());
    n(id).code = code;
    if (size < 0) {
        fail(QStringLiteral("negative array size %1").arg(size), sizeAt);
        finish(id);
        return id;
    }
    if (javatype::isPrimitiveCode(code)) {
        const qint64 bytes = qint64(size) * javatype::primitiveSize(code);
        if (bytes > m_limits.maxMessageBytes) {
            fail(QStringLiteral("array of %1 %2 values (%3 bytes) exceeds the message limit of %4 bytes")
                     .arg(size)
                     .arg(javatype::primitiveName(code))
                     .arg(bytes)
                     .arg(m_limits.maxMessageBytes),
                 sizeAt);
        } else if (bytes > m_c.remaining()) {
            truncated(QStringLiteral("an array of %1 %2 values (%3 of %4 bytes present)")
                          .arg(size)
                          .arg(javatype::primitiveName(code))
                          .arg(m_c.remaining())
                          .arg(bytes));
        } else {
            n(id).dataOffset = m_c.pos();
            m_c.skip(bytes);
        }
        finish(id);
        return id;
    }
    if (code != 'L' && code != '[') {
        fail(QStringLiteral("array class '%1' has an unknown element type").arg(name), at);
        finish(id);
        return id;
    }
    // Every element takes at least one byte, so a size beyond the remaining bytes is checked before reserving.
    if (size > m_limits.maxValues) {
        fail(QStringLiteral("array of %1 elements exceeds the limit of %2 values").arg(size).arg(m_limits.maxValues),
             sizeAt);
        finish(id);
        return id;
    }
    if (size > m_c.remaining()) {
        if (size > m_limits.maxMessageBytes)
            fail(QStringLiteral("array of %1 elements exceeds the message limit of %2 bytes")
                     .arg(size)
                     .arg(m_limits.maxMessageBytes),
                 sizeAt);
        else
            truncated(QStringLiteral("an array of %1 elements (%2 bytes left)").arg(size).arg(m_c.remaining()));
        finish(id);
        return id;
    }
    n(id).children.reserve(static_cast<std::size_t>(size));
    for (qint32 i = 0; i < size && !halted(); ++i) {
        const int element = readContent(depth + 1, Where::Value);
        if (element >= 0)
            n(id).children.push_back(element);
    }
    finish(id);
    return id;
}

int JavaSerializationParser::readNewClass(int depth)
{
    const int id = newNode(JavaKind::Class);
    if (id < 0)
        return -1;
    m_c.u8();
    int desc = -1;
    const int descNode = readClassDesc(depth + 1, desc);
    n(id).descNode = descNode;
    n(id).desc = desc;
    if (!halted())
        assignHandle(id);
    finish(id);
    return id;
}

int JavaSerializationParser::readNewEnum(int depth)
{
    const int id = newNode(JavaKind::Enum);
    if (id < 0)
        return -1;
    m_c.u8();
    int desc = -1;
    const int descNode = readClassDesc(depth + 1, desc);
    n(id).descNode = descNode;
    n(id).desc = desc;
    if (halted()) {
        finish(id);
        return id;
    }
    assignHandle(id);
    const qint64 nameAt = m_c.pos();
    const int name = readContent(depth + 1, Where::Value);
    if (name >= 0) {
        n(id).children.push_back(name);
        const int s = m_s.resolve(name);
        if (!halted() && (!m_s.valid(s) || m_s.node(s).kind != JavaKind::String))
            fail(QStringLiteral("enum constant name is not a string"), nameAt);
        else if (m_s.valid(s))
            n(id).text = m_s.node(s).text;
    }
    finish(id);
    return id;
}

int JavaSerializationParser::readException(int depth)
{
    const int id = newNode(JavaKind::Exception);
    if (id < 0)
        return -1;
    m_c.u8();
    // TC_EXCEPTION implies a reset before and after the Throwable (spec 6.4.1, rule "exception").
    m_handles.clear();
    const int throwable = readContent(depth + 1, Where::Value);
    if (throwable >= 0)
        n(id).children.push_back(throwable);
    m_handles.clear();
    finish(id);
    return id;
}

int JavaSerializationParser::readBlockData()
{
    const int id = newNode(JavaKind::BlockData);
    if (id < 0)
        return -1;
    const bool longBlock = m_c.u8() == TC_BLOCKDATALONG;
    const qint64 lengthAt = m_c.pos();
    const qint64 length = longBlock ? qint64(m_c.i32be()) : qint64(m_c.u8());
    n(id).dataOffset = m_c.pos();
    if (!checkRead("a block data length")) {
        finish(id);
        return id;
    }
    if (length < 0) {
        fail(QStringLiteral("negative block data length %1").arg(length), lengthAt);
        finish(id);
        return id;
    }
    n(id).dataOffset = m_c.pos();
    if (length > m_c.remaining()) {
        // Keep the bytes that did arrive in the node, so a partial tree shows them.
        const qint64 present = m_c.remaining();
        n(id).dataLength = present;
        m_c.skip(present);
        truncated(QStringLiteral("a block of %1 bytes (%2 present)").arg(length).arg(present));
        finish(id);
        return id;
    }
    n(id).dataLength = length;
    m_c.skip(length);
    finish(id);
    return id;
}

} // namespace rpcscope
