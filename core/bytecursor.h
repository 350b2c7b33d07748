#pragma once

#include <QByteArrayView>
#include <QtEndian>

#include <cstring>

namespace rpcscope {

/// Bounds-checked reader over bytes that the cursor does not own. Every read checks the remaining length first;
/// a short read returns zero/empty, leaves the position unchanged and makes the cursor `failed()` for good, so a
/// decoder can read a whole header and check once. Positions are offsets into the viewed bytes plus `base`, which
/// lets a cursor over a slice report offsets in the enclosing buffer.
class ByteCursor
{
public:
    explicit ByteCursor(QByteArrayView bytes, qint64 base = 0)
        : m_bytes(bytes)
        , m_base(base)
    { }

    qint64 pos() const { return m_base + m_pos; }
    qint64 base() const { return m_base; }
    qsizetype index() const { return m_pos; }
    qsizetype remaining() const { return m_bytes.size() - m_pos; }
    bool atEnd() const { return m_pos >= m_bytes.size(); }
    bool failed() const { return m_failed; }
    bool ok() const { return !m_failed; }
    bool has(qsizetype n) const { return n >= 0 && n <= remaining(); }
    QByteArrayView rest() const { return m_bytes.sliced(m_pos); }
    QByteArrayView view() const { return m_bytes; }

    /// Looks at the byte `ahead` bytes from the position without consuming it; -1 past the end.
    int peek(qsizetype ahead = 0) const { return has(ahead + 1) ? static_cast<quint8>(m_bytes[m_pos + ahead]) : -1; }

    quint8 u8() { return readBig<quint8>(); }
    qint8 i8() { return static_cast<qint8>(readBig<quint8>()); }
    quint16 u16be() { return readBig<quint16>(); }
    qint16 i16be() { return static_cast<qint16>(readBig<quint16>()); }
    quint32 u32be() { return readBig<quint32>(); }
    qint32 i32be() { return static_cast<qint32>(readBig<quint32>()); }
    quint64 u64be() { return readBig<quint64>(); }
    qint64 i64be() { return static_cast<qint64>(readBig<quint64>()); }
    quint16 u16le() { return readLittle<quint16>(); }
    quint32 u32le() { return readLittle<quint32>(); }
    quint64 u64le() { return readLittle<quint64>(); }
    qint32 i32le() { return static_cast<qint32>(readLittle<quint32>()); }
    qint64 i64le() { return static_cast<qint64>(readLittle<quint64>()); }
    double f64be()
    {
        const quint64 bits = u64be();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    double f64le()
    {
        const quint64 bits = u64le();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    float f32be()
    {
        const quint32 bits = u32be();
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return f;
    }

    /// The next `n` bytes as a view (no copy), or an empty view and failure if fewer remain. A negative `n` fails.
    QByteArrayView bytes(qint64 n)
    {
        if (m_failed || n < 0 || n > remaining()) {
            m_failed = true;
            return {};
        }
        QByteArrayView v = m_bytes.sliced(m_pos, n);
        m_pos += n;
        return v;
    }
    bool skip(qint64 n) { return !bytes(n).isNull() || n == 0; }
    /// Moves to an absolute position (in the same coordinates as `pos()`); fails if outside the bytes.
    bool seek(qint64 absolute)
    {
        const qint64 idx = absolute - m_base;
        if (idx < 0 || idx > m_bytes.size()) {
            m_failed = true;
            return false;
        }
        m_pos = idx;
        return true;
    }
    void fail() { m_failed = true; }

private:
    template<typename T>
    T readBig()
    {
        if (m_failed || !has(sizeof(T))) {
            m_failed = true;
            return 0;
        }
        T v = qFromBigEndian<T>(m_bytes.data() + m_pos);
        m_pos += sizeof(T);
        return v;
    }
    template<typename T>
    T readLittle()
    {
        if (m_failed || !has(sizeof(T))) {
            m_failed = true;
            return 0;
        }
        T v = qFromLittleEndian<T>(m_bytes.data() + m_pos);
        m_pos += sizeof(T);
        return v;
    }

    QByteArrayView m_bytes;
    qint64 m_base = 0;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

} // namespace rpcscope
