// Length fields that claim gigabytes, and compressed bodies that would inflate to gigabytes, are never allocated
// up front: each case runs in a child process whose address space may grow by only 256 MiB, so a decoder that
// believed the length would die there. Each case must also end with a problem a user can read.

#include "barehttpdecoder.h"
#include "boundedchild.h"
#include "decoderregistry.h"
#include "jrmp/javaserialization.h"
#include "jrmp/javavalues.h"
#include "jrmp/jrmpdecoder.h"
#include "pipeline.h"
#include "pyro/marshalreader.h"
#include "pyro/msgpackreader.h"
#include "pyro/pickledisassembler.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "testsupport.h"

#include <QTest>
#include <QtEndian>

#include <functional>
#include <zlib.h>

using namespace rpcscope;

namespace {

constexpr qint64 kHeadroom = 256LL * 1024 * 1024;
constexpr qint64 kBombBytes = 512LL * 1024 * 1024; // what the compressed bombs inflate to

QByteArray be32(quint32 v)
{
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}
QByteArray be64(quint64 v)
{
    QByteArray b(8, 0);
    qToBigEndian(v, b.data());
    return b;
}

/// zlib (or gzip with `gzip`) data that inflates to `size` zero bytes, made without holding them.
QByteArray zeroBomb(qint64 size, bool gzip)
{
    z_stream z {};
    deflateInit2(&z, 9, Z_DEFLATED, gzip ? 31 : 15, 9, Z_DEFAULT_STRATEGY);
    const QByteArray zeros(1 << 20, '\0');
    QByteArray out;
    char buffer[1 << 16];
    for (qint64 done = 0; done < size; done += zeros.size()) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.constData()));
        z.avail_in = static_cast<uInt>(zeros.size());
        const int flush = done + zeros.size() >= size ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            deflate(&z, flush);
            out.append(buffer, static_cast<qsizetype>(sizeof buffer - z.avail_out));
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

QByteArray pyro4Message(quint16 flags, qint32 dataSize, const QByteArray& data)
{
    Pyro4Header h;
    h.type = pyro4::MsgInvoke;
    h.flags = flags;
    h.seq = 1;
    h.dataSize = dataSize;
    h.serializerId = pyro4::SerSerpent;
    return h.toBytes() + data;
}

QString messageProblems(const DecodedMessage& m)
{
    QStringList texts;
    for (const Problem& p : m.problems)
        texts << p.text;
    return texts.join(QStringLiteral(" | "));
}

QString pipelineProblems(const DecoderRegistry& registry, const QByteArray& request, const QByteArray& response = {},
                         const DecodeOptions& options = {})
{
    return test::runConnection(registry, request, response, options).problems.join(QStringLiteral(" | "));
}

DecoderRegistry httpRegistry()
{
    DecoderRegistry registry;
    registry.add(std::make_shared<fuzz::BareHttpDecoder>());
    return registry;
}

/// A Java serialization stream: magic, version, then `content`.
QByteArray javaStream(const QByteArray& content)
{
    return QByteArray("\xAC\xED\x00\x05", 4) + content;
}

QString javaProblems(const QByteArray& stream)
{
    const DecodeLimits limits;
    const JavaStream parsed = JavaSerializationParser::parse(stream, 0, limits);
    JavaValueConverter(parsed, stream, limits).values(parsed.contents);
    return parsed.error;
}

struct Case
{
    const char* name;
    std::function<QString()> run;
    /// A phrase the problems must contain (case-insensitive).
    QString expected;
};

std::vector<Case> cases()
{
    std::vector<Case> c;
    c.push_back({"Pyro4 data size 2 GiB, 8 MiB sent",
                 [] {
                     const QByteArray m = pyro4Message(0, 0x7FFFFFF0, QByteArray(8 << 20, 'x'));
                     return pipelineProblems(DecoderRegistry::withBuiltins(), m);
                 },
                 QStringLiteral("limit")});
    c.push_back({"Pyro4 zlib payload inflating to 512 MiB",
                 [] {
                     const QByteArray bomb = zeroBomb(kBombBytes, false);
                     const QByteArray m = pyro4Message(pyro4::FlagCompressed, static_cast<qint32>(bomb.size()), bomb);
                     DecodeContext context;
                     return messageProblems(Pyro4Decoder().decode(m, context));
                 },
                 QStringLiteral("limit")});
    c.push_back({"HTTP Content-Length 10^12, 8 MiB sent",
                 [] {
                     const QByteArray m
                         = "POST /RPC2 HTTP/1.1\r\nContent-Length: 1000000000000\r\n\r\n" + QByteArray(8 << 20, 'x');
                     return pipelineProblems(httpRegistry(), m);
                 },
                 QStringLiteral("limit")});
    c.push_back({"HTTP chunk size 2^60, 8 MiB sent",
                 [] {
                     const QByteArray m = "POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                          "1000000000000000\r\n"
                         + QByteArray(8 << 20, 'x');
                     return pipelineProblems(httpRegistry(), m);
                 },
                 QStringLiteral("limit")});
    c.push_back({"HTTP gzip body inflating to 512 MiB",
                 [] {
                     const QByteArray bomb = zeroBomb(kBombBytes, true);
                     const QByteArray m = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                         + QByteArray::number(bomb.size()) + "\r\n\r\n" + bomb;
                     const QByteArray request = "POST /RPC2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
                     return pipelineProblems(httpRegistry(), request, m);
                 },
                 QStringLiteral("limit")});
    c.push_back({"HTTP head that never ends (100 MiB without an empty line)",
                 [] {
                     const QByteArray m = "POST /RPC2 HTTP/1.1\r\nX-Filler: " + QByteArray(100 << 20, 'a');
                     return pipelineProblems(httpRegistry(), m);
                 },
                 QStringLiteral("limit")});
    c.push_back({"Java array length 2^31-1, 16 bytes sent",
                 [] {
                     // TC_ARRAY, TC_CLASSDESC "[B" uid flags=SERIALIZABLE no fields, TC_ENDBLOCKDATA, TC_NULL
                     const QByteArray desc
                         = QByteArray("\x75\x72\x00\x02[B", 6) + be64(0x42) + QByteArray("\x02\x00\x00\x78\x70", 5);
                     return javaProblems(javaStream(desc + be32(0x7FFFFFFF) + QByteArray(16, 'x')));
                 },
                 QStringLiteral("array")});
    c.push_back({"Java long string 2^63-1 bytes, 3 sent",
                 [] { return javaProblems(javaStream("\x7C" + be64(0x7FFFFFFFFFFFFFFFULL) + "abc")); },
                 QStringLiteral("string")});
    c.push_back({"JRMP return with a bad array length (fixture)",
                 [] {
                     DecodeContext context;
                     context.direction = Direction::ServerToClient;
                     return messageProblems(JrmpDecoder().decode(
                         test::readData(QStringLiteral("jrmp/malformed/return_bad_array_length.bin")), context));
                 },
                 QString()});
    c.push_back({"marshal str claiming 4 GiB",
                 [] {
                     return MarshalReader::parse(QByteArray("s\xF0\xFF\xFF\xFF"
                                                            "abc",
                                                            8),
                                                 0, {}, nullptr)
                         .error;
                 },
                 QString()});
    c.push_back({"msgpack bin32 claiming 4 GiB",
                 [] {
                     return MsgpackReader::parse(QByteArray("\xC6\xFF\xFF\xFF\xF0"
                                                            "abc",
                                                            8),
                                                 0, {}, nullptr)
                         .error;
                 },
                 QString()});
    c.push_back({"pickle BINBYTES8 claiming 2^62 bytes",
                 [] {
                     const QByteArray p
                         = QByteArray("\x80\x04\x8E", 3) + QByteArray("\x00\x00\x00\x00\x00\x00\x00\x40", 8) + "abc.";
                     return PickleDisassembler::parse(p, 0, {}, nullptr).error;
                 },
                 QString()});
    return c;
}

} // namespace

class TestLengthBombs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void neverAllocatedUpFront_data();
    void neverAllocatedUpFront();
};

void TestLengthBombs::neverAllocatedUpFront_data()
{
    QTest::addColumn<int>("index");
    const std::vector<Case> all = cases();
    for (int i = 0; i < static_cast<int>(all.size()); ++i)
        QTest::addRow("%s", all[static_cast<std::size_t>(i)].name) << i;
}

void TestLengthBombs::neverAllocatedUpFront()
{
    if (test::underAddressSanitizer())
        QSKIP("AddressSanitizer reserves terabytes of shadow memory, so an address-space limit cannot be set");
    QFETCH(int, index);
    const Case c = cases()[static_cast<std::size_t>(index)];
    const test::BoundedResult r = test::runWithMemoryBound(kHeadroom, c.run);
    QVERIFY2(r.completed, qPrintable(QStringLiteral("decoding within 256 MiB of headroom failed: ") + r.failure));
    qInfo().noquote() << "problems:" << r.output;
    QVERIFY2(!r.output.isEmpty(), "the hostile length was accepted without a problem being reported");
    if (!c.expected.isEmpty())
        QVERIFY2(r.output.contains(c.expected, Qt::CaseInsensitive), qPrintable(r.output));
}

QTEST_GUILESS_MAIN(TestLengthBombs)
#include "tst_lengthbombs.moc"
