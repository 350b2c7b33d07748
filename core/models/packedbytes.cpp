#include "packedbytes.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include <sys/mman.h>

namespace rpcscope {

namespace {

// A block aligned to its size, so that the kernel can back it with one huge page.
std::shared_ptr<void> allocateBlock(qsizetype size, bool hugePage)
{
    void* memory = hugePage ? std::aligned_alloc(BytePacker::kBlockSize, size) : std::malloc(size);
    if (!memory)
        throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    if (hugePage)
        ::madvise(memory, size, MADV_HUGEPAGE); // advice only: without huge pages the block still works
#endif
    return std::shared_ptr<void>(memory, std::free);
}

} // namespace

PackedBytes BytePacker::pack(QByteArrayView bytes)
{
    PackedBytes packed;
    if (bytes.isEmpty())
        return packed;
    const qsizetype size = bytes.size();
    char* at = nullptr;
    if (size > kBlockSize / 4) {
        std::shared_ptr<void> own = allocateBlock(size, false);
        at = static_cast<char*>(own.get());
        packed.m_block = std::move(own);
    } else {
        if (m_used + size > kBlockSize) {
            m_block = allocateBlock(kBlockSize, true);
            m_base = static_cast<char*>(m_block.get());
            m_used = 0;
        }
        at = m_base + m_used;
        m_used += size;
        packed.m_block = m_block;
    }
    std::memcpy(at, bytes.data(), size);
    packed.m_data = at;
    packed.m_size = size;
    return packed;
}

} // namespace rpcscope
