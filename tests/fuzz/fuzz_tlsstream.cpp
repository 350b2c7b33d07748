// Fuzz target: the TLS stage with a key log, then the whole decode pipeline. Seeds are the real TLS fixtures
// (tests/data/tls) with the key logs their clients wrote, so mutants reach every state: handshake parsing, key
// derivation, records that open, records that do not (bad tags, forged lengths, cut records), KeyUpdates, gaps.
// Input: u16 key-log length, that much key-log text, one byte of stage options (bit 0: live), then a connection in
// the format of streamharness.h.

#include "fuzzchecks.h"
#include "streamharness.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::FuzzInput in(data, size);
    const QByteArrayView keyLog = in.bytes(in.u16());
    const quint8 options = in.u8();
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    DecodeOptions decodeOptions;
    decodeOptions.buildTree = true;
    fuzz::CheckingSink calls;
    TrafficDecoder traffic(registry, decodeOptions, calls);
    TlsKeySource keys;
    keys.addText(keyLog, QStringLiteral("fuzz"));
    TlsDecryptingSink::Options stageOptions;
    stageOptions.live = (options & 1) != 0;
    TlsDecryptingSink stage(traffic, keys, stageOptions);
    fuzz::playStream(in, stage);
    stage.poll(1e9);
    traffic.finishAll(1e9);
    if (traffic.openConnections() != 0 || stage.heldConnections() != 0)
        fuzz::fail("a closed connection is still open");
    if (stage.stats().decrypted + stage.stats().undecryptedCount > stage.stats().connections)
        fuzz::fail("more TLS connections decrypted or refused than seen");
    return 0;
}
