#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace rpcscope {

/// The bytes of one stored message, kept in a block shared with the messages stored around it (see `BytePacker`).
/// Copying one shares the block. Read-only: the block's other parts may still be filled by its packer.
class PackedBytes
{
public:
    PackedBytes() = default;

    QByteArrayView view() const { return {m_data, m_size}; }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    /// A copy that owns its bytes, for decoders that keep what they read.
    QByteArray toByteArray() const { return view().toByteArray(); }

private:
    friend class BytePacker;
    std::shared_ptr<const void> m_block;
    const char* m_data = nullptr;
    qsizetype m_size = 0;
};

/// Copies message bytes into large blocks. A capture keeps every message's bytes for as long as it is open;
/// tens of thousands of small buffers would fragment the heap and fault in their pages one by one, while a few
/// blocks cost a few allocations and, where the kernel offers them, a few huge pages. Not thread-safe: one packer
/// per producing thread (a packer may hand its bytes to other threads, which only read them).
class BytePacker
{
public:
    /// Block size: one huge page on x86-64. Messages larger than a quarter of it get a block of their own.
    static constexpr qsizetype kBlockSize = 2 * 1024 * 1024;

    PackedBytes pack(QByteArrayView bytes);

private:
    std::shared_ptr<void> m_block;
    char* m_base = nullptr;
    qsizetype m_used = kBlockSize;
};

} // namespace rpcscope
