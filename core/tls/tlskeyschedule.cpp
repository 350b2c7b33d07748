#include "tlskeyschedule.h"

#include "tlscrypto.h"

namespace rpcscope::tls {

Result<Tls12KeyBlock> tls12KeyBlock(const CipherSuite& suite, QByteArrayView masterSecret, QByteArrayView clientRandom,
                                    QByteArrayView serverRandom)
{
    if (masterSecret.size() != 48)
        return Error {QStringLiteral("the TLS 1.2 master secret has %1 bytes, not 48").arg(masterSecret.size())};
    QByteArray seed = serverRandom.toByteArray();
    seed.append(clientRandom.data(), clientRandom.size());
    const int length = 2 * suite.keyBytes + 2 * suite.fixedIvBytes;
    Result<QByteArray> block = tls12Prf(suite.hash, masterSecret, "key expansion", seed, length);
    if (!block)
        return Error {block.error()};
    Tls12KeyBlock keys;
    qsizetype at = 0;
    keys.client.key = block->mid(at, suite.keyBytes);
    at += suite.keyBytes;
    keys.server.key = block->mid(at, suite.keyBytes);
    at += suite.keyBytes;
    keys.client.iv = block->mid(at, suite.fixedIvBytes);
    at += suite.fixedIvBytes;
    keys.server.iv = block->mid(at, suite.fixedIvBytes);
    return keys;
}

Result<TrafficKeys> tls13TrafficKeys(const CipherSuite& suite, QByteArrayView trafficSecret)
{
    if (trafficSecret.size() != suite.hashBytes)
        return Error {QStringLiteral("the traffic secret has %1 bytes; %2 needs %3")
                          .arg(trafficSecret.size())
                          .arg(QLatin1String(suite.name))
                          .arg(suite.hashBytes)};
    Result<QByteArray> key = hkdfExpandLabel(suite.hash, trafficSecret, "key", suite.keyBytes);
    if (!key)
        return Error {key.error()};
    Result<QByteArray> iv = hkdfExpandLabel(suite.hash, trafficSecret, "iv", kAeadNonceBytes);
    if (!iv)
        return Error {iv.error()};
    return TrafficKeys {*key, *iv};
}

Result<QByteArray> tls13NextTrafficSecret(const CipherSuite& suite, QByteArrayView trafficSecret)
{
    return hkdfExpandLabel(suite.hash, trafficSecret, "traffic upd", suite.hashBytes);
}

} // namespace rpcscope::tls
