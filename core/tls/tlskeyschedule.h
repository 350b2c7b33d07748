#pragma once

#include "result.h"
#include "tlsciphersuite.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope::tls {

/// What protects one direction's records under one secret.
struct TrafficKeys
{
    QByteArray key;
    /// TLS 1.2: the fixed IV from the key block (4 bytes for GCM, 12 for ChaCha20); TLS 1.3: the 12-byte IV.
    QByteArray iv;
};

struct Tls12KeyBlock
{
    TrafficKeys client;
    TrafficKeys server;
};

/// TLS 1.2 (RFC 5246 §6.3): key_block = PRF(master_secret, "key expansion", server_random ‖ client_random), cut into
/// client key, server key, client IV, server IV (AEAD suites have no MAC keys).
Result<Tls12KeyBlock> tls12KeyBlock(const CipherSuite& suite, QByteArrayView masterSecret, QByteArrayView clientRandom,
                                    QByteArrayView serverRandom);
/// TLS 1.3 (RFC 8446 §7.3): key = HKDF-Expand-Label(secret, "key", "", key length), iv = ...("iv", "", 12).
Result<TrafficKeys> tls13TrafficKeys(const CipherSuite& suite, QByteArrayView trafficSecret);
/// TLS 1.3 KeyUpdate (RFC 8446 §7.2): the next application traffic secret, HKDF-Expand-Label(secret, "traffic upd").
Result<QByteArray> tls13NextTrafficSecret(const CipherSuite& suite, QByteArrayView trafficSecret);

} // namespace rpcscope::tls
