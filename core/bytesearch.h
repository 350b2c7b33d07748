#pragma once

#include <QByteArrayView>

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

} // namespace rpcscope
