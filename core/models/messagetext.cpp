#include "messagetext.h"

#include "tls/tlscarrier.h"

#include <QJsonDocument>
#include <QStringDecoder>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace rpcscope {

namespace {

bool isHttp(QByteArrayView bytes)
{
    if (bytes.startsWith("HTTP/"))
        return true;
    for (const char* method : {"POST ", "GET ", "PUT ", "HEAD ", "OPTIONS ", "DELETE ", "PATCH "}) {
        if (bytes.startsWith(method))
            return true;
    }
    return false;
}

QString cutNote(qsizetype total)
{
    return QStringLiteral("\n… (%1 more bytes not shown)").arg(total - MessageText::kMaxBytes);
}

QString decodeText(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes.first(std::min(bytes.size(), MessageText::kMaxBytes)));
    if (bytes.size() > MessageText::kMaxBytes)
        text += cutNote(bytes.size());
    return text;
}

// The body as text: XML pretty-printed, JSON indented, other text as is, binary as printable runs.
QString bodyText(QByteArrayView body, const QString& kind = {})
{
    if (body.isEmpty())
        return QStringLiteral("(empty body)");
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.startsWith("<") && body.size() <= MessageText::kMaxBytes) {
        QString error;
        const QString pretty = MessageText::prettyXml(body, &error);
        if (!pretty.isEmpty())
            return pretty;
        return decodeText(body) + QStringLiteral("\n\n(shown as sent: %1)").arg(error);
    }
    if (kind == QLatin1String("json") && body.size() <= MessageText::kMaxBytes) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &error);
        if (error.error == QJsonParseError::NoError)
            return QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    if (MessageText::looksLikeText(body.first(std::min<qsizetype>(body.size(), 64 * 1024))))
        return decodeText(body);
    return QStringLiteral("(binary, %1 bytes; printable text in it:)\n").arg(body.size())
        + MessageText::printableRuns(body);
}

QString httpText(const DecodedMessage& m)
{
    const QByteArray& bytes = tls::decodedBytes(m);
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    const qsizetype headerEnd = end < 0 ? bytes.size() : end + 4;
    QString text = QString::fromLatin1(bytes.left(headerEnd));
    text.remove(QLatin1Char('\r'));
    // The most derived buffer (de-chunked, then inflated) is the body as the application sees it. A message that
    // came through TLS has its records before the decrypted bytes.
    const std::size_t decoded = &bytes == &m.bytes() ? 0 : 1;
    if (m.buffers.size() > decoded + 1) {
        const std::size_t last = m.buffers.size() - 1;
        const QString name = last < m.bufferNames.size() ? m.bufferNames[last] : QStringLiteral("body");
        return text + QStringLiteral("(%1)\n").arg(name) + bodyText(m.buffers[last]);
    }
    return text + bodyText(QByteArrayView(bytes).sliced(headerEnd));
}

const DecodeNode* childNamed(const DecodeNode& node, QStringView name)
{
    for (const DecodeNode& c : node.children) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

// A message with a header node and a payload node (Pyro4): the header fields, then the payload as text.
QString framedText(const DecodedMessage& m, const DecodeNode& header, const DecodeNode& payload)
{
    QString text;
    text += header.name + QStringLiteral(": ") + header.value + QLatin1Char('\n');
    for (const DecodeNode& f : header.children)
        text += QStringLiteral("  %1 = %2\n").arg(f.name, f.value);
    for (const DecodeNode& c : m.tree.children) {
        if (&c != &header && &c != &payload && c.hasBytes())
            text += QStringLiteral("%1 (%2) = %3\n").arg(c.name, c.type, c.value);
    }
    const std::size_t buffer = std::size_t(payload.buffer);
    if (!payload.hasBytes() || buffer >= m.buffers.size())
        return text;
    const QByteArray& source = m.buffers[buffer];
    const QByteArrayView bytes = QByteArrayView(source).sliced(
        std::min<qsizetype>(payload.offset, source.size()),
        std::min<qsizetype>(payload.length, source.size() - std::min<qsizetype>(payload.offset, source.size())));
    text += QStringLiteral("\n%1 (%2, %3 bytes):\n").arg(payload.name, payload.type).arg(bytes.size());
    return text + bodyText(bytes, payload.type);
}

} // namespace

bool MessageText::looksLikeText(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return false;
    qsizetype control = 0;
    for (QChar c : text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\r') && c != QLatin1Char('\t'))
            ++control;
    }
    return control * 50 <= text.size();
}

QString MessageText::printableRuns(QByteArrayView bytes, int minRun)
{
    QString out;
    qsizetype start = -1;
    auto flush = [&](qsizetype end) {
        if (start >= 0 && end - start >= minRun)
            out += QStringLiteral("%1: %2\n")
                       .arg(start, 6, 16, QLatin1Char('0'))
                       .arg(QString::fromLatin1(bytes.sliced(start, end - start)));
        start = -1;
    };
    const qsizetype n = std::min(bytes.size(), kMaxBytes);
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        const bool printable = c >= 0x20 && c < 0x7f;
        if (printable && start < 0)
            start = i;
        else if (!printable)
            flush(i);
    }
    flush(n);
    if (bytes.size() > kMaxBytes)
        out += cutNote(bytes.size());
    return out.isEmpty() ? QStringLiteral("(none)") : out;
}

QString MessageText::prettyXml(QByteArrayView xml, QString* error)
{
    if (xml.indexOf("<!DOCTYPE") >= 0) {
        if (error)
            *error = QStringLiteral("the document declares a DOCTYPE, which is not expanded");
        return {};
    }
    QXmlStreamReader reader(xml.toByteArray());
    QString out;
    QXmlStreamWriter writer(&out);
    writer.setAutoFormatting(true);
    writer.setAutoFormattingIndent(2);
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartDocument:
            // Only a document that had an XML declaration gets one back.
            if (!reader.documentVersion().isEmpty())
                writer.writeStartDocument(reader.documentVersion().toString());
            break;
        case QXmlStreamReader::StartElement:
            writer.writeStartElement(reader.qualifiedName().toString());
            for (const QXmlStreamNamespaceDeclaration& ns : reader.namespaceDeclarations())
                writer.writeNamespace(ns.namespaceUri().toString(), ns.prefix().toString());
            for (const QXmlStreamAttribute& a : reader.attributes())
                writer.writeAttribute(a.qualifiedName().toString(), a.value().toString());
            break;
        case QXmlStreamReader::EndElement:
            writer.writeEndElement();
            break;
        case QXmlStreamReader::Characters:
            if (reader.isCDATA())
                writer.writeCDATA(reader.text().toString());
            else if (!reader.isWhitespace())
                writer.writeCharacters(reader.text().toString());
            break;
        case QXmlStreamReader::Comment:
            writer.writeComment(reader.text().toString());
            break;
        case QXmlStreamReader::ProcessingInstruction:
            writer.writeProcessingInstruction(reader.processingInstructionTarget().toString(),
                                              reader.processingInstructionData().toString());
            break;
        default:
            break;
        }
    }
    if (reader.hasError()) {
        if (error)
            *error = QStringLiteral("not well-formed XML at line %1, column %2: %3")
                         .arg(reader.lineNumber())
                         .arg(reader.columnNumber())
                         .arg(reader.errorString());
        return {};
    }
    writer.writeEndDocument();
    return out.trimmed() + QLatin1Char('\n');
}

QString MessageText::render(const DecodedMessage& message)
{
    const QByteArray& bytes = tls::decodedBytes(message);
    if (bytes.isEmpty())
        return QStringLiteral("(no bytes)");
    if (isHttp(bytes))
        return httpText(message);
    const DecodeNode* header = childNamed(message.tree, u"header");
    const DecodeNode* payload = childNamed(message.tree, u"payload");
    if (header && payload)
        return framedText(message, *header, *payload);
    return bodyText(bytes);
}

} // namespace rpcscope
