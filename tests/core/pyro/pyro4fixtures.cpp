#include "pyro4fixtures.h"

#include "decoderregistry.h"
#include "pyro/pyro4/pyro4header.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QtEndian>

namespace rpcscope::test {

std::vector<Pyro4Chunk> loadPyro4Chunks(const QString& name)
{
    std::vector<Pyro4Chunk> chunks;
    const QByteArray text = readData(QStringLiteral("pyro4/%1.chunks.jsonl").arg(name));
    for (const QByteArray& line : text.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        Pyro4Chunk c;
        c.connection = o.value(QStringLiteral("conn")).toInt();
        c.direction = o.value(QStringLiteral("dir")).toString() == QLatin1String("c2s") ? Direction::ClientToServer
                                                                                        : Direction::ServerToClient;
        c.ts = o.value(QStringLiteral("ts")).toDouble();
        c.data = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
        chunks.push_back(std::move(c));
    }
    return chunks;
}

std::vector<Call> decodePyro4Capture(const QString& name, const DecodeOptions& options)
{
    static const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector sink;
    TrafficDecoder decoder(registry, options, sink);
    const std::vector<Pyro4Chunk> chunks = loadPyro4Chunks(name);
    std::vector<bool> opened;
    double last = 0;
    for (const Pyro4Chunk& c : chunks) {
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

QByteArray pyro4Stream(const QString& name, int connection, Direction direction)
{
    QByteArray out;
    for (const Pyro4Chunk& c : loadPyro4Chunks(name)) {
        if (c.connection == connection && c.direction == direction)
            out += c.data;
    }
    return out;
}

std::vector<QByteArray> pyro4Messages(const QString& name, int connection, Direction direction)
{
    const QByteArray stream = pyro4Stream(name, connection, direction);
    std::vector<QByteArray> out;
    qsizetype pos = 0;
    while (pos + Pyro4Header::kSize <= stream.size()) {
        const Pyro4Header h = *Pyro4Header::read(QByteArrayView(stream).sliced(pos));
        const qint64 len = h.frameLength();
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

} // namespace rpcscope::test
