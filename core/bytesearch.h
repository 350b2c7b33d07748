#pragma once

#include <QByteArrayView>

#include <cstring>
#include <string_view>

namespace rpcscope {

/// Offset of `needle` in `haystack` at or after `from`, or -1. Qt 6.4's QByteArrayView::indexOf sets up a general
/// search for every call, which costs hundreds of instructions even when the needle is a few bytes ahead; decoders
/// look for short markers (`?>`, `-->`, CRLF) once or more per message, so they use the standard library's
/// memchr-driven search instead.
inline qsizetype findBytes(QByteArrayView haystack, std::string_view needle, qsizetype from = 0)
{
    if (from < 0 || from > haystack.size())
        return -1;
    const std::string_view h(haystack.data(), size_t(haystack.size()));
    const size_t at = h.find(needle, size_t(from));
    return at == std::string_view::npos ? qsizetype(-1) : qsizetype(at);
}

/// Offset of byte `c` in `haystack` at or after `from`, or -1 (memchr, for the same reason as findBytes).
inline qsizetype findByte(QByteArrayView haystack, char c, qsizetype from = 0)
{
    if (from < 0 || from >= haystack.size())
        return -1;
    const void* at = std::memchr(haystack.data() + from, c, size_t(haystack.size() - from));
    return at ? qsizetype(static_cast<const char*>(at) - haystack.data()) : qsizetype(-1);
}

/// Whether `bytes` starts with `prefix` (an inline compare; Qt 6.4's startsWith is an out-of-line call).
inline bool startsWithBytes(QByteArrayView bytes, std::string_view prefix)
{
    return bytes.size() >= qsizetype(prefix.size()) && std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
}

} // namespace rpcscope
