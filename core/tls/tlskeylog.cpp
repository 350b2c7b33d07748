#include "tlskeylog.h"

#include "tlshandshake.h"

#include <array>

namespace rpcscope::tls {

namespace {

struct LabelText
{
    SecretLabel label;
    const char* text;
};
constexpr std::array kLabels = {
    LabelText {SecretLabel::ClientRandom, "CLIENT_RANDOM"},
    LabelText {SecretLabel::ClientEarlyTraffic, "CLIENT_EARLY_TRAFFIC_SECRET"},
    LabelText {SecretLabel::ClientHandshakeTraffic, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"},
    LabelText {SecretLabel::ServerHandshakeTraffic, "SERVER_HANDSHAKE_TRAFFIC_SECRET"},
    LabelText {SecretLabel::ClientTraffic0, "CLIENT_TRAFFIC_SECRET_0"},
    LabelText {SecretLabel::ServerTraffic0, "SERVER_TRAFFIC_SECRET_0"},
};

// Longest secret accepted: SHA-512 sized, far above the 48 bytes any suite needs.
constexpr qsizetype kMaxSecretBytes = 64;

QByteArray mapKey(SecretLabel label, QByteArrayView random)
{
    QByteArray key;
    key.reserve(1 + random.size());
    key.append(char(label));
    key.append(random.data(), random.size());
    return key;
}

bool isHex(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 2 != 0)
        return false;
    for (char ch : text) {
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
            return false;
    }
    return true;
}

} // namespace

QString secretLabelName(SecretLabel label)
{
    for (const LabelText& l : kLabels) {
        if (l.label == label)
            return QLatin1String(l.text);
    }
    return QStringLiteral("?");
}

void KeyLog::addText(QByteArrayView text, const QString& source)
{
    KeyLogReader reader(source);
    reader.feed(text, *this);
    reader.finish(*this);
}

void KeyLog::addLine(QByteArrayView line, const QString& source, int lineNumber)
{
    line = line.trimmed();
    if (line.isEmpty() || line.startsWith('#'))
        return;
    const qsizetype firstSpace = line.indexOf(' ');
    if (firstSpace <= 0)
        return;
    const QByteArrayView labelText = line.first(firstSpace);
    const LabelText* known = nullptr;
    for (const LabelText& l : kLabels) {
        if (labelText == QByteArrayView(l.text)) {
            known = &l;
            break;
        }
    }
    if (!known)
        return; // other labels (EXPORTER_SECRET, RSA, QUIC_*) are not needed to decrypt
    const QByteArrayView rest = line.sliced(firstSpace + 1).trimmed();
    const qsizetype secondSpace = rest.indexOf(' ');
    const QByteArrayView randomHex = secondSpace < 0 ? rest : rest.first(secondSpace);
    const QByteArrayView secretHex = secondSpace < 0 ? QByteArrayView() : rest.sliced(secondSpace + 1).trimmed();
    if (randomHex.size() != 2 * kRandomBytes || !isHex(randomHex) || !isHex(secretHex)
        || secretHex.size() > 2 * kMaxSecretBytes) {
        m_malformed++;
        return;
    }
    const QByteArray random = QByteArray::fromHex(randomHex.toByteArray());
    KeyLogSecret secret {QByteArray::fromHex(secretHex.toByteArray()),
                         QStringLiteral("%1 line %2").arg(source).arg(lineNumber)};
    m_secrets.insert(mapKey(known->label, random), std::move(secret));
    m_revision++;
}

const KeyLogSecret* KeyLog::find(SecretLabel label, QByteArrayView clientRandom) const
{
    const auto it = m_secrets.constFind(mapKey(label, clientRandom));
    return it == m_secrets.constEnd() ? nullptr : &it.value();
}

void KeyLog::merge(const KeyLog& other)
{
    for (auto it = other.m_secrets.constBegin(); it != other.m_secrets.constEnd(); ++it)
        m_secrets.insert(it.key(), it.value());
    m_malformed += other.m_malformed;
    if (!other.m_secrets.isEmpty())
        m_revision++;
}

void KeyLogReader::feed(QByteArrayView text, KeyLog& log)
{
    // Lines end at LF, CR or CRLF; a CRLF split across two pieces counts once.
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch != '\n' && ch != '\r') {
            m_afterCr = false;
            continue;
        }
        const bool secondHalfOfCrLf = ch == '\n' && m_afterCr && i == start && m_partial.isEmpty();
        m_afterCr = ch == '\r';
        if (secondHalfOfCrLf) {
            start = i + 1;
            continue;
        }
        if (m_partial.isEmpty()) {
            log.addLine(text.sliced(start, i - start), m_source, m_line);
        } else {
            m_partial.append(text.sliced(start, i - start));
            log.addLine(m_partial, m_source, m_line);
            m_partial.clear();
        }
        m_line++;
        start = i + 1;
    }
    // A key-log line is under 300 bytes; anything much longer is not one and is not kept growing.
    if (m_partial.size() + (text.size() - start) <= 4096)
        m_partial.append(text.sliced(start));
    else
        m_partial.clear();
}

void KeyLogReader::finish(KeyLog& log)
{
    if (!m_partial.isEmpty())
        log.addLine(m_partial, m_source, m_line);
    m_partial.clear();
}

void KeyLogReader::reset()
{
    m_partial.clear();
    m_line = 1;
    m_afterCr = false;
}

} // namespace rpcscope::tls
