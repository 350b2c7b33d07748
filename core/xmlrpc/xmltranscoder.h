#pragma once

#include "xmlrpc/xmlencoding.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope::xmlrpc {

/// Where each character of a text converted to UTF-8 came from in the original bytes, so that tree nodes and
/// problems of a UTF-16 or EUC-JP body point at the bytes on the wire (the hex pane shows those), not at a copy.
/// Characters are kept as runs of equal widths: a UTF-16 body of ASCII text is one run, however long.
class WireOffsets
{
public:
    /// The text starts at `wireStart` in the original (after a byte order mark).
    explicit WireOffsets(qint64 wireStart = 0)
        : m_wireEnd(wireStart)
    { }

    /// One more piece of text: `textBytes` of UTF-8 converted from the next `wireBytes` of the original.
    void append(qint64 textBytes, qint64 wireBytes);
    /// Gives the last piece `extraWireBytes` more bytes of the original (bytes that made no character of their own,
    /// such as the escape sequence that ends ISO-2022-JP's two-byte mode).
    void widenLast(qint64 extraWireBytes);
    /// The original offset of the character at `textOffset` (a position inside a character gives its start; the
    /// end of the text gives the end of the converted original).
    qint64 toWire(qint64 textOffset) const;

    qint64 textLength() const { return m_textEnd; }
    qint64 wireEnd() const { return m_wireEnd; }
    std::size_t runCount() const { return m_runs.size(); }

private:
    struct Run
    {
        qint64 textStart;
        qint64 wireStart;
        qint64 textWidth;
        qint64 wireWidth;
        qint64 count;
    };
    std::vector<Run> m_runs;
    qint64 m_textEnd = 0;
    qint64 m_wireEnd = 0;
};

/// The first place where bytes are not what their encoding allows.
struct BadBytes
{
    qint64 offset = -1; ///< in the original, -1 when all bytes are good
    qint64 length = 0;
    qint64 count = 0; ///< bad places in all (UTF-8 and UTF-16; 1 for other encodings)
    QString what; ///< "0xE9 0x74", "an unpaired surrogate 0xD800", ...

    bool found() const { return offset >= 0; }
};

/// `bytes` checked as UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
BadBytes findInvalidUtf8(QByteArrayView bytes);

/// A body converted to UTF-8 text for the XML reader; characters that are not valid in the encoding become U+FFFD
/// and the first of them is in `bad` (the caller says so: the message is malformed).
struct TranscodedXml
{
    QByteArray utf8;
    WireOffsets offsets;
    BadBytes bad;
};

/// Converts `body` from `encoding` (kind Utf16 or Legacy; the byte order mark is skipped). Qt's decoders are fed
/// one byte at a time for legacy encodings, so each character's bytes are known exactly (EUC-JP mixes one-, two-
/// and three-byte characters, ISO-2022-JP escape sequences produce none).
TranscodedXml transcodeToUtf8(QByteArrayView body, const XmlEncoding& encoding);

} // namespace rpcscope::xmlrpc
