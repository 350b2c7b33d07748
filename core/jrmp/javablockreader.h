#pragma once

#include "javaobjects.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace rpcscope {

/// Reads a sequence of contents the way ObjectInputStream does for writeObject data and for RMI calls: primitives
/// come from block data (consecutive block records form one byte stream, a value may straddle two records, resets
/// in between are transparent) and objects are the contents in between. Never reads outside the blocks.
class JavaBlockReader
{
public:
    /// `contents` are node ids of `stream` (top-level contents or an annotation); `bytes` is the parsed buffer.
    JavaBlockReader(const JavaStream& stream, const std::vector<int>& contents, QByteArrayView bytes);

    /// Where a value was read: from its first byte to its last (block headers in between included).
    struct Range
    {
        qint64 offset = -1;
        qint64 length = 0;
    };

    /// The next `n` bytes of primitive data. Fails (consuming nothing) if the current run of blocks has fewer.
    bool read(qint64 n, QByteArray& out, Range* range = nullptr);
    /// Reads into `dst` (n <= 8), for primitives.
    bool readSmall(int n, char* dst, Range* range = nullptr);
    bool u8(quint8& v, Range* range = nullptr);
    bool i16(qint16& v, Range* range = nullptr);
    bool i32(qint32& v, Range* range = nullptr);
    bool i64(qint64& v, Range* range = nullptr);
    /// DataInput.readUTF: 2-byte length and modified UTF-8.
    bool utf(QString& v, Range* range = nullptr);

    /// Primitive bytes left in the current run of blocks.
    qint64 blockRemaining() const;
    /// Offset of the next primitive byte, or of the next content when no primitive data is pending.
    qint64 pos() const;
    /// The next object content (blocks used up and resets skipped first), or -1: at the end, or when primitive
    /// data is still unread (ObjectInputStream would throw OptionalDataException).
    int nextObject();
    /// Like nextObject() but does not consume.
    int peekObject() const;
    /// True when no contents and no primitive data are left.
    bool atEnd() const;
    /// Index in `contents` of the content being read.
    std::size_t index() const { return m_index; }

private:
    void skipUsed(std::size_t& index, qint64& inBlock) const;

    const JavaStream& m_stream;
    const std::vector<int>& m_contents;
    QByteArrayView m_bytes;
    std::size_t m_index = 0;
    qint64 m_inBlock = 0;
};

} // namespace rpcscope
