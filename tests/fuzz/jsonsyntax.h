#pragma once
// A strict check of JSON syntax (RFC 8259) for fuzz targets. QJsonDocument cannot serve: it refuses numbers beyond
// a double's range, which are valid JSON (RpcScope writes big integers with every digit).

#include <QByteArrayView>

#include <cctype>

#include <vector>

namespace rpcscope::fuzz {

/// True if `text` is exactly one JSON value (no surrounding whitespace needed). Iterative: any nesting depth.
inline bool isJson(QByteArrayView text)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto digits = [&] {
        const qsizetype start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i > start;
    };
    auto scalar = [&]() -> bool {
        if (i >= n)
            return false;
        const char c = text[i];
        if (c == '"') {
            for (++i; i < n; ++i) {
                const unsigned char u = static_cast<unsigned char>(text[i]);
                if (u < 0x20)
                    return false;
                if (u == '"') {
                    ++i;
                    return true;
                }
                if (u == '\\') {
                    if (++i >= n)
                        return false;
                    if (text[i] == 'u') {
                        for (int k = 0; k < 4; ++k) {
                            if (++i >= n || !isxdigit(static_cast<unsigned char>(text[i])))
                                return false;
                        }
                    } else if (!QByteArrayView("\"\\/bfnrt").contains(text[i])) {
                        return false;
                    }
                }
            }
            return false;
        }
        for (const char* word : {"true", "false", "null"}) {
            const QByteArrayView w(word);
            if (text.sliced(i).startsWith(w)) {
                i += w.size();
                return true;
            }
        }
        if (c == '-')
            ++i;
        if (i < n && text[i] == '0')
            ++i;
        else if (!digits())
            return false;
        if (i < n && text[i] == '.') {
            ++i;
            if (!digits())
                return false;
        }
        if (i < n && (text[i] == 'e' || text[i] == 'E')) {
            ++i;
            if (i < n && (text[i] == '+' || text[i] == '-'))
                ++i;
            if (!digits())
                return false;
        }
        return true;
    };
    // The open containers; after a value, a ',' or the closing bracket of the innermost one must follow.
    std::vector<char> open;
    bool expectValue = true;
    while (true) {
        if (expectValue) {
            if (i < n && (text[i] == '{' || text[i] == '[')) {
                open.push_back(text[i] == '{' ? '}' : ']');
                ++i;
                if (i < n && text[i] == open.back()) {
                    ++i;
                    open.pop_back();
                    expectValue = false;
                } else if (open.back() == '}') {
                    if (i >= n || text[i] != '"' || !scalar() || i >= n || text[i] != ':')
                        return false;
                    ++i;
                }
                continue;
            }
            if (!scalar())
                return false;
            expectValue = false;
            continue;
        }
        if (open.empty())
            return i == n;
        if (i >= n)
            return false;
        if (text[i] == open.back()) {
            ++i;
            open.pop_back();
            continue;
        }
        if (text[i] != ',')
            return false;
        ++i;
        if (open.back() == '}') {
            if (i >= n || text[i] != '"' || !scalar() || i >= n || text[i] != ':')
                return false;
            ++i;
        }
        expectValue = true;
    }
}

} // namespace rpcscope::fuzz
