#pragma once
// Splits a fuzzer's input into the choices a target needs (a small FuzzedDataProvider: libFuzzer's header exists
// only with clang, and the regression runners are built with gcc too). Reading past the end yields zeros.

#include <QByteArrayView>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace rpcscope::fuzz {

class FuzzInput
{
public:
    FuzzInput(const uint8_t* data, size_t size)
        : m_data(data)
        , m_size(size)
    { }

    bool atEnd() const { return m_pos >= m_size; }
    size_t remaining() const { return m_size - m_pos; }

    quint8 u8() { return atEnd() ? 0 : m_data[m_pos++]; }
    quint16 u16() { return static_cast<quint16>(u8() | (u8() << 8)); }
    quint32 u32() { return static_cast<quint32>(u16() | (static_cast<quint32>(u16()) << 16)); }

    /// The next `n` bytes, or fewer at the end of the input. Points into the input: no copy.
    QByteArrayView bytes(size_t n)
    {
        n = std::min(n, remaining());
        QByteArrayView v(reinterpret_cast<const char*>(m_data + m_pos), static_cast<qsizetype>(n));
        m_pos += n;
        return v;
    }
    QByteArrayView rest() { return bytes(remaining()); }

private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos = 0;
};

inline QByteArrayView asView(const uint8_t* data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

} // namespace rpcscope::fuzz
