// What the bytes of an XML-RPC message are that no field holds: HTTP framing in the head, XML markup in the body.
#include "spanroles.h"

#include <algorithm>

namespace rpcscope::spanroles {

namespace {

// The body's text, one character per 1 or 2 bytes (UTF-16 bodies), read only where markup is ASCII.
class XmlUnits
{
public:
    XmlUnits(QByteArrayView bytes, qint64 bodyStart)
        : m_bytes(bytes)
    {
        const auto at = [&](qint64 i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100; };
        // UCS-4 (which the decoder refuses) is not read here either.
        if ((at(bodyStart) == 0xff && at(bodyStart + 1) == 0xfe && at(bodyStart + 2) == 0 && at(bodyStart + 3) == 0)
            || (at(bodyStart) == 0 && at(bodyStart + 1) == 0 && (at(bodyStart + 2) == 0xfe || at(bodyStart + 3) == '<'))
            || (at(bodyStart) == '<' && at(bodyStart + 1) == 0 && at(bodyStart + 2) == 0 && at(bodyStart + 3) == 0)) {
            m_width = 4;
        } else if ((at(bodyStart) == 0xff && at(bodyStart + 1) == 0xfe)
                   || (at(bodyStart) == '<' && at(bodyStart + 1) == 0))
            m_width = 2;
        else if ((at(bodyStart) == 0xfe && at(bodyStart + 1) == 0xff)
                 || (at(bodyStart) == 0 && at(bodyStart + 1) == '<')) {
            m_width = 2;
            m_bigEndian = true;
        }
    }
    int width() const { return m_width; }
    /// One or two bytes a character: the encodings whose markup this reads.
    bool readable() const { return m_width <= 2; }
    /// The character at byte `i`; 0 past the end or for a unit that is not ASCII.
    char at(qint64 i) const
    {
        if (i < 0 || i + m_width > m_bytes.size())
            return 0;
        if (m_width == 1)
            return m_bytes[i];
        const char hi = m_bytes[m_bigEndian ? i : i + 1];
        const char lo = m_bytes[m_bigEndian ? i + 1 : i];
        return hi == 0 && static_cast<unsigned char>(lo) < 0x80 ? lo : char(0x7f);
    }
    bool startsWith(qint64 i, const char* text) const
    {
        for (; *text; ++text, i += m_width) {
            if (at(i) != *text)
                return false;
        }
        return true;
    }
    QString text(qint64 from, qint64 to) const
    {
        if (m_width == 1)
            return bytesText(m_bytes.sliced(from, to - from));
        QString out;
        for (qint64 i = from; i + 1 < to; i += 2)
            out += at(i) ? QChar(QLatin1Char(at(i))) : QChar(QChar::ReplacementCharacter);
        return out;
    }

private:
    QByteArrayView m_bytes;
    int m_width = 1;
    bool m_bigEndian = false;
};

enum class Token { StartTag, EndTag, EmptyTag, Comment, Instruction, CData, Declaration, Cut, Text };

struct XmlToken
{
    Token kind;
    qint64 from;
    qint64 to;
    QString name;
};

bool isNameEnd(char c)
{
    return c == 0 || isBlank(c) || c == '/' || c == '>';
}

// Markup and text of [from, to), in order.
std::vector<XmlToken> tokenize(const XmlUnits& xml, qint64 from, qint64 to)
{
    std::vector<XmlToken> tokens;
    const int w = xml.width();
    qint64 i = from;
    while (i < to) {
        if (xml.at(i) != '<') {
            qint64 j = i;
            while (j < to && xml.at(j) != '<')
                j += w;
            tokens.push_back({Token::Text, i, std::min(j, to), {}});
            i = j;
            continue;
        }
        const auto until = [&](const char* close, qint64 start) -> qint64 {
            for (qint64 k = start; k < to; k += w) {
                if (xml.startsWith(k, close))
                    return k + qint64(qstrlen(close)) * w;
            }
            return -1;
        };
        Token kind = Token::StartTag;
        qint64 end = -1;
        if (xml.startsWith(i, "<!--")) {
            kind = Token::Comment;
            end = until("-->", i + 4 * w);
        } else if (xml.startsWith(i, "<![CDATA[")) {
            kind = Token::CData;
            end = until("]]>", i + 9 * w);
        } else if (xml.startsWith(i, "<?")) {
            kind = Token::Instruction;
            end = until("?>", i + 2 * w);
        } else if (xml.startsWith(i, "<!")) {
            kind = Token::Declaration;
            end = until(">", i + 2 * w);
        } else {
            // A tag ends at the first '>' outside a quoted attribute value.
            char quote = 0;
            for (qint64 k = i + w; k < to; k += w) {
                const char c = xml.at(k);
                if (quote) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    end = k + w;
                    break;
                }
            }
            if (xml.at(i + w) == '/')
                kind = Token::EndTag;
            else if (end > 0 && xml.at(end - 2 * w) == '/')
                kind = Token::EmptyTag;
        }
        XmlToken t {end < 0 ? Token::Cut : kind, i, end < 0 ? to : end, {}};
        if (kind == Token::StartTag || kind == Token::EndTag || kind == Token::EmptyTag) {
            qint64 k = i + (kind == Token::EndTag ? 2 : 1) * w;
            while (k < t.to && !isNameEnd(xml.at(k))) {
                t.name += QLatin1Char(xml.at(k));
                k += w;
            }
        }
        tokens.push_back(std::move(t));
        i = tokens.back().to;
    }
    return tokens;
}

RolePiece tagPiece(const RoleRun& run, const XmlUnits& xml, const XmlToken& t)
{
    const DecodeNode& holder = run.holder();
    const bool opensHolder = t.from == holder.offset;
    const bool closesHolder = t.to == holder.end();
    QString role;
    QString text;
    switch (t.kind) {
    case Token::StartTag:
        role = QStringLiteral("start-tag");
        text = opensHolder ? QStringLiteral("Start tag of the <%1> element that is “%2”: what follows, up to </%1>, "
                                            "belongs to it.")
                                 .arg(t.name, holder.name)
                           : QStringLiteral("Start tag of a <%1> element.").arg(t.name);
        break;
    case Token::EndTag:
        role = QStringLiteral("end-tag");
        text = closesHolder ? QStringLiteral("End tag of the <%1> element that is “%2”.").arg(t.name, holder.name)
                            : QStringLiteral("End tag of a <%1> element.").arg(t.name);
        break;
    case Token::EmptyTag:
        role = QStringLiteral("empty-element-tag");
        text = QStringLiteral("Empty-element tag <%1/>: a <%1> element without content, opened and closed in one tag.")
                   .arg(t.name);
        break;
    case Token::Comment:
        role = QStringLiteral("comment");
        text = QStringLiteral("An XML comment; XML-RPC ignores it.");
        break;
    case Token::Instruction:
        role = QStringLiteral("processing-instruction");
        text = QStringLiteral("An XML processing instruction; XML-RPC ignores it.");
        break;
    case Token::CData:
        role = QStringLiteral("cdata");
        text = QStringLiteral("A CDATA section: text taken as written, markup characters included.");
        break;
    case Token::Declaration:
        role = QStringLiteral("markup");
        text = QStringLiteral("An XML markup declaration.");
        break;
    case Token::Cut:
    case Token::Text:
        role = QStringLiteral("markup");
        text = QStringLiteral("Markup that does not end within “%1”.").arg(holder.name);
        break;
    }
    return {t.from, t.to - t.from, role, text, xml.width() == 2 ? xml.text(t.from, t.to) : QString()};
}

bool allBlank(const XmlUnits& xml, const XmlToken& t)
{
    for (qint64 i = t.from; i < t.to; i += xml.width()) {
        if (!isBlank(xml.at(i)))
            return false;
    }
    return true;
}

// White space of a UTF-16 body: line ends (LF, CR LF) and runs of blanks, two bytes a character.
void wideWhitespacePieces(const XmlUnits& xml, const XmlToken& t, const QString& where, std::vector<RolePiece>& out)
{
    const int w = xml.width();
    bool lineStart = false;
    qint64 i = t.from;
    while (i < t.to) {
        const char c = xml.at(i);
        if (c == '\n' || (c == '\r' && xml.at(i + w) == '\n')) {
            const qint64 n = c == '\r' ? 2 * w : w;
            out.push_back({i, n, QStringLiteral("line-end"),
                           QStringLiteral("A line end (%1, in UTF-16) %2.")
                               .arg(c == '\r' ? QStringLiteral("CR LF") : QStringLiteral("LF"), where),
                           xml.text(i, i + n)});
            i += n;
            lineStart = true;
            continue;
        }
        qint64 j = i;
        while (j < t.to && (xml.at(j) == ' ' || xml.at(j) == '\t' || (xml.at(j) == '\r' && xml.at(j + w) != '\n')))
            j += w;
        j = std::max(j, i + w);
        out.push_back({i, j - i, lineStart ? QStringLiteral("indentation") : QStringLiteral("whitespace"),
                       QStringLiteral("%1 (%2 characters in UTF-16) %3.")
                           .arg(lineStart ? QStringLiteral("Indentation") : QStringLiteral("Blanks"))
                           .arg((j - i) / w)
                           .arg(where),
                       xml.text(i, j)});
        lineStart = false;
        i = j;
    }
}

bool xmlRoles(const RoleRun& run, const DecodeNode& body, std::vector<RolePiece>& out)
{
    const DecodeNode& holder = run.holder();
    // A body that was not parsed (compressed, not XML) is one field; so is the XML declaration.
    if (&holder == &body && run.ownBytes)
        return false;
    const XmlUnits xml(run.bytes, body.offset);
    if (!xml.readable())
        return false;
    const std::vector<XmlToken> tokens = tokenize(xml, run.from, run.to);
    if (tokens.empty())
        return false;
    // A leaf that is one piece of markup (<nil/>, the XML declaration) is its field as a whole.
    if (run.ownBytes && tokens.size() == 1 && tokens.front().kind != Token::Text)
        return false;
    int tags = 0;
    for (const XmlToken& t : tokens)
        tags += t.kind == Token::Text ? 0 : 1;
    const QString where = QStringLiteral("between XML elements; XML-RPC ignores it");
    for (const XmlToken& t : tokens) {
        if (t.kind != Token::Text) {
            out.push_back(tagPiece(run, xml, t));
        } else if (run.ownBytes && !(tags > 2 && allBlank(xml, t))) {
            // The content of a leaf element: its value as written.
            out.push_back(fieldPiece(run, t.from, t.to));
        } else if (allBlank(xml, t) && xml.width() == 1) {
            whitespacePieces(run, t.from, t.to, where, out);
        } else if (allBlank(xml, t)) {
            wideWhitespacePieces(xml, t, where, out);
        } else {
            out.push_back({t.from, t.to - t.from,
                           allBlank(xml, t) ? QStringLiteral("whitespace") : QStringLiteral("text"),
                           allBlank(xml, t) ? QStringLiteral("White space %1.").arg(where)
                                            : QStringLiteral("Text between elements that no field holds (XML-RPC "
                                                             "expects none here)."),
                           xml.width() == 2 ? xml.text(t.from, t.to) : QString()});
        }
    }
    return true;
}

} // namespace

bool xmlrpcRoles(const RoleRun& run, std::vector<RolePiece>& out)
{
    if (run.ancestorNamed(QStringLiteral("http")))
        return httpRoles(run, out);
    const DecodeNode& holder = run.holder();
    // Chunk framing of a chunked body: size lines and CRLFs.
    if (holder.type == QLatin1String("chunk") || holder.type == QLatin1String("chunked")
        || run.ancestorNamed(QStringLiteral("trailers")))
        return httpRoles(run, out);
    if (const DecodeNode* body = run.ancestorNamed(QStringLiteral("body")))
        return xmlRoles(run, *body, out);
    return false;
}

} // namespace rpcscope::spanroles
