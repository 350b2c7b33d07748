#pragma once
// Test helper: the TLS fixtures of tests/data/tls (real traffic and the key logs its clients wrote, made by
// tests/data/tls/capture.sh) as byte streams per connection, and a TlsConnection run over one of them.

#include "../jrmp/pcapreplay.h"
#include "testsupport.h"
#include "tls/tlsconnection.h"

#include <QFile>

namespace rpcscope::test {

struct TlsFixture
{
    std::vector<ReplayedConnection> connections;
    QByteArray keyText;
    tls::KeyLog keys;
};

/// tests/data/tls/NAME.pcap and NAME.keys.
inline TlsFixture loadTlsFixture(const QString& name)
{
    TlsFixture f;
    QString error;
    f.connections = replayPcap(readData(QStringLiteral("tls/%1.pcap").arg(name)), nullptr, &error);
    f.keyText = readData(QStringLiteral("tls/%1.keys").arg(name));
    f.keys.addText(f.keyText, name + QStringLiteral(".keys"));
    return f;
}

/// What a TlsConnection handed on: the decrypted bytes of each direction and what it lost.
class PlaintextCollector : public tls::TlsConnection::Output
{
public:
    void applicationData(const tls::DecryptedRecord& record) override
    {
        plaintext[index(record.direction)].append(record.content.data(), record.content.size());
        records[index(record.direction)]++;
    }
    void lost(Direction dir, const QString& reason, double ts) override
    {
        Q_UNUSED(ts);
        losses << QStringLiteral("%1: %2").arg(index(dir)).arg(reason);
    }
    QByteArray plaintext[2];
    int records[2] = {0, 0};
    QStringList losses;
};

/// Feeds the connection's segments, in capture order, to `tls`.
inline void feedSegments(tls::TlsConnection& tls, const ReplayedConnection& c, const tls::KeyLog& keys,
                         PlaintextCollector& out)
{
    double ts = 1.0;
    for (const auto& [dir, bytes] : c.segments)
        tls.feed(dir, bytes, ts += 0.001, keys, out);
}

/// Offset of the cipher suite in the server's first bytes (its ServerHello record).
inline qsizetype serverHelloSuiteOffset(const QByteArray& server)
{
    const qsizetype session = 5 + 4 + 2 + 32;
    return session + 1 + quint8(server[session]);
}

} // namespace rpcscope::test
