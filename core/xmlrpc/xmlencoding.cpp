#include "xmlencoding.h"

#include "bytesearch.h"
#include "xmlrpc/xmlprolog.h"

#include <QStringDecoder>

#include <algorithm>

namespace rpcscope::xmlrpc {

namespace {

// What the first bytes say, before any name is read (XML 1.0 Appendix F).
struct Sniffed
{
    enum class Family { SingleByte, Utf8Mark, Utf16, Ucs4, Ebcdic };
    Family family = Family::SingleByte;
    bool bigEndian = false;
    qint64 bomLength = 0;
    // For UCS-4: the byte order as a name, and which byte of each character holds an ASCII character.
    const char* ucs4Name = "";
    int ucs4AsciiByte = 0;
};

Sniffed sniff(QByteArrayView b)
{
    using F = Sniffed::Family;
    if (b.startsWith(QByteArrayView("\x00\x00\xFE\xFF", 4)))
        return {F::Ucs4, true, 4, "UCS-4 (UTF-32BE)", 3};
    if (b.startsWith(QByteArrayView("\xFF\xFE\x00\x00", 4)))
        return {F::Ucs4, false, 4, "UCS-4 (UTF-32LE)", 0};
    if (startsWithBytes(b, "\xEF\xBB\xBF"))
        return {F::Utf8Mark, false, 3};
    if (startsWithBytes(b, "\xFE\xFF"))
        return {F::Utf16, true, 2};
    if (startsWithBytes(b, "\xFF\xFE"))
        return {F::Utf16, false, 2};
    if (b.size() < 4)
        return {};
    const bool z0 = b[0] == 0, z1 = b[1] == 0, z2 = b[2] == 0, z3 = b[3] == 0;
    // An ASCII character (the '<' or a blank before it) in each of the 4-byte patterns XML lists.
    if (z0 && z1 && z2 && !z3)
        return {F::Ucs4, true, 0, "UCS-4 (UTF-32BE)", 3};
    if (!z0 && z1 && z2 && z3)
        return {F::Ucs4, false, 0, "UCS-4 (UTF-32LE)", 0};
    if (z0 && z1 && !z2 && z3)
        return {F::Ucs4, false, 0, "UCS-4 in the unusual byte order 2143", 2};
    if (z0 && !z1 && z2 && z3)
        return {F::Ucs4, false, 0, "UCS-4 in the unusual byte order 3412", 1};
    if (z0 && !z1 && z2 && !z3)
        return {F::Utf16, true, 0};
    if (!z0 && z1 && !z2 && z3)
        return {F::Utf16, false, 0};
    if (startsWithBytes(b, "\x4C\x6F\xA7\x94"))
        return {F::Ebcdic};
    return {};
}

// Qt's name for an encoding (ICU aliases included: "latin1" → "ISO-8859-1", "ucs-4" → "UTF-32"), empty if Qt knows
// none by that name.
QByteArray canonicalName(QByteArrayView name)
{
    // The name nearly every body uses, without building a decoder for it.
    if (name.compare("utf-8", Qt::CaseInsensitive) == 0 || name.compare("utf8", Qt::CaseInsensitive) == 0)
        return QByteArrayLiteral("UTF-8");
    const QByteArray z = name.toByteArray();
    QStringDecoder decoder(z.constData());
    return decoder.isValid() ? QByteArray(decoder.name()) : QByteArray();
}

bool isWideName(QByteArrayView canonical)
{
    return canonical.startsWith("UTF-16") || canonical.startsWith("UTF-32");
}

QString nameText(QByteArrayView name)
{
    return QString::fromLatin1(name.data(), name.size());
}

QString sourceText(XmlEncoding::Source source)
{
    switch (source) {
    case XmlEncoding::Source::Default:
        return QStringLiteral("no encoding named");
    case XmlEncoding::Source::ByteOrderMark:
        return QStringLiteral("byte order mark");
    case XmlEncoding::Source::BytePattern:
        return QStringLiteral("by its byte pattern");
    case XmlEncoding::Source::HttpCharset:
        return QStringLiteral("HTTP charset");
    case XmlEncoding::Source::Declaration:
        return QStringLiteral("XML declaration");
    }
    return {};
}

// The body's first characters as one byte each, for a body whose characters are `width` bytes wide.
QByteArray narrow(QByteArrayView chars, int width, int asciiByte, qsizetype maxChars)
{
    const qsizetype n = std::min(chars.size() / width, maxChars);
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i) {
        const QByteArrayView c = chars.sliced(i * width, width);
        bool ascii = static_cast<unsigned char>(c[asciiByte]) < 0x80;
        for (int k = 0; k < width && ascii; ++k)
            ascii = k == asciiByte || c[k] == 0;
        out[i] = ascii ? c[asciiByte] : char(0x80);
    }
    return out;
}

std::optional<QByteArray> wideProlog(QByteArrayView body, const Sniffed& s, qsizetype maxChars)
{
    if (s.family == Sniffed::Family::Utf16)
        return narrow(body.sliced(s.bomLength), 2, s.bigEndian ? 1 : 0, maxChars);
    if (s.family == Sniffed::Family::Ucs4)
        return narrow(body.sliced(s.bomLength), 4, s.ucs4AsciiByte, maxChars);
    return std::nullopt;
}

} // namespace

QString XmlEncoding::description() const
{
    return QStringLiteral("%1 (%2)").arg(nameText(name), sourceText(source));
}

std::optional<QByteArray> narrowedProlog(QByteArrayView body, qsizetype maxChars)
{
    return wideProlog(body, sniff(body), maxChars);
}

XmlEncoding detectXmlEncoding(QByteArrayView body, QByteArrayView httpCharset)
{
    using F = Sniffed::Family;
    XmlEncoding e;
    const Sniffed s = sniff(body);
    e.bomLength = s.bomLength;
    e.bigEndian = s.bigEndian;

    // The declaration, read in whatever width the characters have; offsets are scaled back to the body's bytes.
    const std::optional<QByteArray> wide = wideProlog(body, s, 4096);
    const Prolog prolog = scanProlog(wide ? QByteArrayView(*wide) : body.first(std::min<qsizetype>(body.size(), 4096)));
    if (!wide && body.size() <= 4096)
        e.prolog = prolog;
    const qint64 width = s.family == F::Utf16 ? 2 : s.family == F::Ucs4 ? 4 : 1;
    // The narrowed text starts after a UTF-16 mark; a single-byte body is scanned as it is.
    const qint64 textStart = wide ? s.bomLength : 0;
    const qint64 declAt = prolog.declarationOffset < 0 ? 0 : textStart + prolog.declarationOffset * width;
    const qint64 declLength = prolog.declarationLength * width;
    const QByteArray declared = prolog.encoding;
    auto note = [&](const QString& text, qint64 offset, qint64 length) { e.notes.push_back({text, offset, length}); };

    switch (s.family) {
    case F::Ucs4:
        e.kind = XmlEncoding::Kind::Refused;
        e.source = s.bomLength ? XmlEncoding::Source::ByteOrderMark : XmlEncoding::Source::BytePattern;
        e.name = s.ucs4Name;
        e.refusal = QStringLiteral("the body is %1 (%2), which is not read: XML requires only UTF-8 and UTF-16, and "
                                   "XML-RPC peers (Python's expat) refuse UCS-4 too")
                        .arg(nameText(e.name), sourceText(e.source));
        return e;
    case F::Ebcdic:
        e.kind = XmlEncoding::Kind::Refused;
        e.source = XmlEncoding::Source::BytePattern;
        e.name = "EBCDIC";
        e.refusal = QStringLiteral("the body is EBCDIC (it starts with \"<?xm\" in EBCDIC), which is not read");
        return e;
    case F::Utf16: {
        e.kind = XmlEncoding::Kind::Utf16;
        e.name = s.bigEndian ? "UTF-16BE" : "UTF-16LE";
        e.source = s.bomLength ? XmlEncoding::Source::ByteOrderMark : XmlEncoding::Source::BytePattern;
        if (!s.bomLength)
            note(QStringLiteral("UTF-16 body without a byte order mark; XML 1.0 requires one (read as %1 by its byte "
                                "pattern)")
                     .arg(nameText(e.name)),
                 0, 2);
        const std::pair<QByteArrayView, XmlEncoding::Source> named[]
            = {{httpCharset, XmlEncoding::Source::HttpCharset}, {declared, XmlEncoding::Source::Declaration}};
        for (const auto& [name, source] : named) {
            if (name.isEmpty())
                continue;
            const QByteArray canonical = canonicalName(name);
            const bool fits = canonical == "UTF-16" || canonical == e.name;
            if (!fits)
                note(QStringLiteral("the %1 names %2, but the body is %3 (%4); read as %3")
                         .arg(sourceText(source), nameText(name), nameText(e.name), sourceText(e.source)),
                     source == XmlEncoding::Source::Declaration ? declAt : 0,
                     source == XmlEncoding::Source::Declaration ? declLength : 0);
        }
        return e;
    }
    case F::SingleByte:
    case F::Utf8Mark:
        break;
    }

    // Bytes whose '<' is one byte: the HTTP charset is authoritative, then the declaration (RFC 7303 §3.2).
    QByteArray chosen = QByteArrayLiteral("utf-8");
    if (!httpCharset.isEmpty()) {
        chosen = httpCharset.toByteArray();
        e.source = XmlEncoding::Source::HttpCharset;
        if (!declared.isEmpty() && canonicalName(declared) != canonicalName(httpCharset))
            note(QStringLiteral("the HTTP charset names %1 and the XML declaration %2; read as %1, as RFC 7303 says "
                                "(Python's xmlrpc.client follows the declaration)")
                     .arg(nameText(httpCharset), nameText(declared)),
                 declAt, declLength);
    } else if (!declared.isEmpty()) {
        chosen = declared;
        e.source = XmlEncoding::Source::Declaration;
    }
    const QByteArray canonical = canonicalName(chosen);
    if (s.family == F::Utf8Mark) {
        if (canonical != "UTF-8" && e.source != XmlEncoding::Source::Default)
            note(QStringLiteral("the %1 names %2, but the body starts with a UTF-8 byte order mark; read as UTF-8")
                     .arg(sourceText(e.source), nameText(chosen)),
                 0, 3);
        e.kind = XmlEncoding::Kind::Utf8;
        e.name = "UTF-8";
        e.source = XmlEncoding::Source::ByteOrderMark;
        return e;
    }
    if (canonical.isEmpty()) {
        e.kind = XmlEncoding::Kind::Refused;
        e.name = chosen;
        e.refusal = QStringLiteral("the body's encoding \"%1\" (%2) is not known here; the body is not read")
                        .arg(nameText(chosen), sourceText(e.source));
        return e;
    }
    if (isWideName(canonical)) {
        // A 16- or 32-bit encoding named for a body whose '<' is a single byte: the bytes cannot be that.
        note(QStringLiteral("the %1 names %2, but the body's characters are single bytes (\"<\" is one byte); read "
                            "as UTF-8")
                 .arg(sourceText(e.source), nameText(chosen)),
             e.source == XmlEncoding::Source::Declaration ? declAt : 0,
             e.source == XmlEncoding::Source::Declaration ? declLength : 0);
        e.kind = XmlEncoding::Kind::Utf8;
        e.name = "UTF-8";
        e.source = XmlEncoding::Source::BytePattern;
        return e;
    }
    e.name = canonical;
    e.kind = canonical == "UTF-8" ? XmlEncoding::Kind::Utf8 : XmlEncoding::Kind::Legacy;
    return e;
}

} // namespace rpcscope::xmlrpc
