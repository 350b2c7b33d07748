#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "xmlrpc/xmlprolog.h"

#include <optional>
#include <vector>

namespace rpcscope::xmlrpc {

/// How the bytes of an XML body are to be read as text, decided as XML 1.0 (§4.3.3, Appendix F) and RFC 7303
/// (§3.2) say: a byte order mark first, then the byte pattern of `<` (UTF-16 and UCS-4 without a mark), then the
/// HTTP `charset`, then the XML declaration's `encoding`, and UTF-8 when nothing names one.
struct XmlEncoding
{
    enum class Kind {
        Utf8, ///< read the bytes as they are, checking that they are UTF-8
        Utf16, ///< UTF-16 (`bigEndian` says which order)
        Legacy, ///< another encoding Qt converts (ISO-8859-1, windows-1252, EUC-JP, Shift_JIS...)
        Refused, ///< UCS-4, EBCDIC or a name Qt does not know: not read; `refusal` says why
    };
    /// What named the encoding.
    enum class Source { Default, ByteOrderMark, BytePattern, HttpCharset, Declaration };

    Kind kind = Kind::Utf8;
    Source source = Source::Default;
    /// The name the text uses: "UTF-8", "UTF-16LE", "ISO-8859-1", "EUC-JP", or the name as given when refused.
    QByteArray name;
    bool bigEndian = false;
    /// Length of the byte order mark at the start (3 for UTF-8, 2 for UTF-16), 0 without one. A UTF-8 mark is
    /// left in the text (the XML reader skips it); a UTF-16 mark is not part of the converted text.
    qint64 bomLength = 0;
    /// For Refused: the reason, naming the encoding.
    QString refusal;

    /// Something read although a strict XML processor refuses it, or two sources that disagree; `offset` and
    /// `length` are in the body.
    struct Note
    {
        QString text;
        qint64 offset = 0;
        qint64 length = 0;
    };
    std::vector<Note> notes;
    /// The body's prolog as `scanProlog` reads it, when the whole body was scanned as it is (a single-byte body of at
    /// most 4096 bytes): the reader need not scan it again.
    std::optional<Prolog> prolog;

    /// "UTF-16LE (byte order mark)", "ISO-8859-1 (HTTP charset)": the encoding and where it came from.
    QString description() const;
    /// True when the text can be parsed as it is (UTF-8, with or without a mark).
    bool isUtf8() const { return kind == Kind::Utf8; }
};

/// Decides how to read `body`. `httpCharset` is the Content-Type's charset parameter (lower-case, may be empty).
XmlEncoding detectXmlEncoding(QByteArrayView body, QByteArrayView httpCharset = {});

/// For a body in UTF-16 or UCS-4 (with or without a byte order mark), its first `maxChars` characters as one byte
/// each, good enough to find the XML declaration and root element with `scanProlog` (characters beyond ASCII become
/// 0x80, a name character). nullopt for bodies whose '<' is a single byte: scan those as they are.
std::optional<QByteArray> narrowedProlog(QByteArrayView body, qsizetype maxChars = 16384);

} // namespace rpcscope::xmlrpc
