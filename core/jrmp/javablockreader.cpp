#include "javablockreader.h"

#include "modifiedutf8.h"

#include <QtEndian>

#include <algorithm>

namespace rpcscope {

JavaBlockReader::JavaBlockReader(const JavaStream& stream, const std::vector<int>& contents, QByteArrayView bytes)
    : m_stream(stream)
    , m_contents(contents)
    , m_bytes(bytes)
{ }

void JavaBlockReader::skipUsed(std::size_t& index, qint64& inBlock) const
{
    while (index < m_contents.size()) {
        const JavaNode& node = m_stream.node(m_contents[index]);
        if (node.kind == JavaKind::Reset || (node.kind == JavaKind::BlockData && inBlock >= node.dataLength)) {
            ++index;
            inBlock = 0;
            continue;
        }
        return;
    }
}

qint64 JavaBlockReader::blockRemaining() const
{
    qint64 total = 0;
    std::size_t index = m_index;
    qint64 inBlock = m_inBlock;
    while (index < m_contents.size()) {
        const JavaNode& node = m_stream.node(m_contents[index]);
        if (node.kind == JavaKind::BlockData)
            total += node.dataLength - inBlock;
        else if (node.kind != JavaKind::Reset)
            break;
        ++index;
        inBlock = 0;
    }
    return total;
}

qint64 JavaBlockReader::pos() const
{
    std::size_t index = m_index;
    qint64 inBlock = m_inBlock;
    skipUsed(index, inBlock);
    if (index >= m_contents.size()) {
        if (m_contents.empty())
            return -1;
        const JavaNode& last = m_stream.node(m_contents.back());
        return last.offset + last.length;
    }
    const JavaNode& node = m_stream.node(m_contents[index]);
    return node.kind == JavaKind::BlockData ? node.dataOffset + inBlock : node.offset;
}

bool JavaBlockReader::read(qint64 n, QByteArray& out, Range* range)
{
    out.clear();
    if (n < 0 || n > blockRemaining())
        return false;
    out.reserve(n);
    qint64 first = -1;
    qint64 end = -1;
    while (n > 0) {
        skipUsed(m_index, m_inBlock);
        const JavaNode& node = m_stream.node(m_contents[m_index]);
        const qint64 take = std::min(n, node.dataLength - m_inBlock);
        const qint64 at = node.dataOffset + m_inBlock;
        if (at < 0 || at + take > m_bytes.size())
            return false;
        out.append(m_bytes.sliced(at, take));
        if (first < 0)
            first = at;
        end = at + take;
        m_inBlock += take;
        n -= take;
    }
    if (range) {
        range->offset = first < 0 ? pos() : first;
        range->length = first < 0 ? 0 : end - first;
    }
    return true;
}

bool JavaBlockReader::readSmall(int n, char* dst, Range* range)
{
    // The common case: the value lies inside the current record.
    std::size_t index = m_index;
    qint64 inBlock = m_inBlock;
    skipUsed(index, inBlock);
    if (index < m_contents.size()) {
        const JavaNode& node = m_stream.node(m_contents[index]);
        const qint64 at = node.dataOffset + inBlock;
        if (node.kind == JavaKind::BlockData && node.dataLength - inBlock >= n && at + n <= m_bytes.size()) {
            std::copy_n(m_bytes.data() + at, n, dst);
            m_index = index;
            m_inBlock = inBlock + n;
            if (range)
                *range = {at, n};
            return true;
        }
    }
    QByteArray bytes;
    if (!read(n, bytes, range))
        return false;
    std::copy_n(bytes.constData(), n, dst);
    return true;
}

bool JavaBlockReader::u8(quint8& v, Range* range)
{
    char b;
    if (!readSmall(1, &b, range))
        return false;
    v = static_cast<quint8>(b);
    return true;
}

bool JavaBlockReader::i16(qint16& v, Range* range)
{
    char b[2];
    if (!readSmall(2, b, range))
        return false;
    v = qFromBigEndian<qint16>(b);
    return true;
}

bool JavaBlockReader::i32(qint32& v, Range* range)
{
    char b[4];
    if (!readSmall(4, b, range))
        return false;
    v = qFromBigEndian<qint32>(b);
    return true;
}

bool JavaBlockReader::i64(qint64& v, Range* range)
{
    char b[8];
    if (!readSmall(8, b, range))
        return false;
    v = qFromBigEndian<qint64>(b);
    return true;
}

bool JavaBlockReader::utf(QString& v, Range* range)
{
    const std::size_t index = m_index;
    const qint64 inBlock = m_inBlock;
    Range lengthRange;
    qint16 raw = 0;
    if (!i16(raw, &lengthRange))
        return false;
    const qint64 length = static_cast<quint16>(raw);
    QByteArray bytes;
    Range textRange;
    if (!read(length, bytes, &textRange)) {
        m_index = index;
        m_inBlock = inBlock;
        return false;
    }
    v = modifiedutf8::decode(bytes);
    if (range) {
        range->offset = lengthRange.offset;
        range->length = length > 0 ? textRange.offset + textRange.length - lengthRange.offset : lengthRange.length;
    }
    return true;
}

int JavaBlockReader::peekObject() const
{
    std::size_t index = m_index;
    qint64 inBlock = m_inBlock;
    skipUsed(index, inBlock);
    if (index >= m_contents.size())
        return -1;
    const int id = m_contents[index];
    return m_stream.node(id).kind == JavaKind::BlockData ? -1 : id;
}

int JavaBlockReader::nextObject()
{
    const int id = peekObject();
    if (id < 0)
        return -1;
    skipUsed(m_index, m_inBlock);
    ++m_index;
    m_inBlock = 0;
    return id;
}

bool JavaBlockReader::atEnd() const
{
    std::size_t index = m_index;
    qint64 inBlock = m_inBlock;
    skipUsed(index, inBlock);
    return index >= m_contents.size();
}

} // namespace rpcscope
