#include "pyrofixtures.h"

#include "decoderregistry.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QtEndian>

namespace rpcscope::test {

std::vector<PyroChunk> loadPyroChunks(const QString& name)
{
    std::vector<PyroChunk> chunks;
    const QString path = name.contains(QLatin1Char('/')) ? name : QStringLiteral("pyro4/") + name;
    const QByteArray text = readData(path + QStringLiteral(".chunks.jsonl"));
    for (const QByteArray& line : text.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        PyroChunk c;
        c.connection = o.value(QStringLiteral("conn")).toInt();
        c.direction = o.value(QStringLiteral("dir")).toString() == QLatin1String("c2s") ? Direction::ClientToServer
                                                                                        : Direction::ServerToClient;
        c.ts = o.value(QStringLiteral("ts")).toDouble();
        c.data = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
        chunks.push_back(std::move(c));
    }
    return chunks;
}

std::vector<Call> decodePyroCapture(const QString& name, const DecodeOptions& options)
{
    static const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector sink;
    TrafficDecoder decoder(registry, options, sink);
    const std::vector<PyroChunk> chunks = loadPyroChunks(name);
    std::vector<bool> opened;
    double last = 0;
    for (const PyroChunk& c : chunks) {
        if (static_cast<std::size_t>(c.connection) >= opened.size())
            opened.resize(c.connection + 1, false);
        if (!opened[c.connection]) {
            decoder.streamOpened(c.connection, Endpoint {QStringLiteral("127.0.0.1"), quint16(50000 + c.connection)},
                                 Endpoint {QStringLiteral("127.0.0.1"), 9090}, c.ts, true);
            opened[c.connection] = true;
        }
        decoder.streamData(c.connection, c.direction, c.data, c.ts);
        last = c.ts;
    }
    for (std::size_t i = 0; i < opened.size(); ++i) {
        decoder.streamEnded(i, Direction::ClientToServer, last, false);
        decoder.streamEnded(i, Direction::ServerToClient, last, false);
        decoder.streamClosed(i, last);
    }
    decoder.finishAll(last);
    return std::move(sink.calls);
}

QByteArray pyroStream(const QString& name, int connection, Direction direction)
{
    QByteArray out;
    for (const PyroChunk& c : loadPyroChunks(name)) {
        if (c.connection == connection && c.direction == direction)
            out += c.data;
    }
    return out;
}

std::vector<QByteArray> pyroMessages(const QString& name, int connection, Direction direction)
{
    const QByteArray stream = pyroStream(name, connection, direction);
    std::vector<QByteArray> out;
    qsizetype pos = 0;
    while (pos + Pyro4Header::kSize <= stream.size()) {
        const QByteArrayView rest = QByteArrayView(stream).sliced(pos);
        const std::optional<Pyro5Header> h5
            = Pyro5Header::hasPyro5Version(rest) ? Pyro5Header::read(rest) : std::nullopt;
        const qint64 len = h5 ? h5->frameLength() : Pyro4Header::read(rest)->frameLength();
        out.push_back(stream.mid(pos, len));
        pos += len;
    }
    return out;
}

QJsonValue runPythonJson(const QString& script, const QJsonValue& input)
{
    QJsonDocument doc = input.isArray() ? QJsonDocument(input.toArray()) : QJsonDocument(input.toObject());
    const ProcessResult r = runPython(script, {}, doc.toJson(QJsonDocument::Compact));
    if (r.exitCode != 0 || r.timedOut) {
        QTest::qFail(qPrintable(QStringLiteral("python failed: %1").arg(QString::fromUtf8(r.err))), __FILE__, __LINE__);
        return {};
    }
    const QJsonDocument out = QJsonDocument::fromJson(r.out);
    return out.isArray() ? QJsonValue(out.array()) : QJsonValue(out.object());
}

QByteArray pyro4Message(quint16 type, quint16 flags, quint16 seq, quint16 serializer, const QByteArray& payload,
                        const QByteArray& annotations, int checksum)
{
    Pyro4Header h;
    h.type = type;
    h.flags = flags;
    h.seq = seq;
    h.dataSize = static_cast<qint32>(payload.size());
    h.serializerId = serializer;
    h.annotationsSize = static_cast<quint16>(annotations.size());
    QByteArray out = h.toBytes();
    if (checksum >= 0)
        qToBigEndian<quint16>(static_cast<quint16>(checksum), out.data() + 22);
    return out + annotations + payload;
}

QByteArray pyro5Message(quint8 type, quint16 flags, quint16 seq, quint8 serializer, const QByteArray& payload,
                        const QByteArray& annotations, const QByteArray& correlationId)
{
    Pyro5Header h;
    h.type = type;
    h.flags = flags;
    h.seq = seq;
    h.serializerId = serializer;
    h.dataSize = static_cast<quint32>(payload.size());
    h.annotationsSize = static_cast<quint32>(annotations.size());
    if (!correlationId.isEmpty()) {
        h.correlationId = correlationId;
        h.flags |= pyro5::FlagCorrelationId;
    }
    return h.toBytes() + annotations + payload;
}

} // namespace rpcscope::test
