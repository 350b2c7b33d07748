#pragma once

#include "bytestreamsink.h"
#include "decodelimits.h"
#include "tlsrecordcarrier.h"
#include "tlsstats.h"

#include "tls/tlsconnection.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace rpcscope {

class TlsKeySource;

/// The TLS stage between TCP reassembly and protocol detection: on any port, a connection whose client starts with
/// a ClientHello is followed record by record and, with the secrets from `keys`, its application data is passed on
/// decrypted (with a TlsRecordCarrier, so each message shows the records that carried it). Every other connection
/// passes through untouched. A TLS connection that cannot be decrypted is passed on as it was, from its first byte,
/// so the TLS decoder lists it (status encrypted) with the reason, and `stats()` counts it.
///
/// Until a connection's first application data is decrypted its bytes are held, so that it can still be passed on
/// whole if it turns out not to decrypt. In a live capture (`Options::live`) a connection whose secrets are not in
/// the key log yet waits for them, bounded in bytes and capture time, re-reading the key log as the client appends.
class TlsDecryptingSink : public ByteStreamSink
{
public:
    struct Options
    {
        /// Keys may still arrive (live capture): wait for them instead of giving up at once.
        bool live = false;
        /// Bytes of a connection held while it waits for keys or has not decrypted anything yet.
        qint64 maxHeldBytes = 4 * 1024 * 1024;
        /// Capture seconds a live connection waits for its keys.
        double maxWaitSeconds = 10;
        /// Bounds what is kept of records for the messages (per direction: DecodeLimits::maxStreamBuffer).
        DecodeLimits limits;
        /// Keep each message's records (for its tree, now or when a stored call is decoded again). The CLI without
        /// --tree needs only the connection.
        bool keepRecords = true;
    };

    /// `next` gets the streams (decrypted or passed through) and `keys` supplies secrets; both must outlive this.
    TlsDecryptingSink(ByteStreamSink& next, TlsKeySource& keys, Options options);
    ~TlsDecryptingSink() override;

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override;
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override;
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override;
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override;
    void streamClosed(quint64 id, double ts) override;

    /// For live sources, now and then: reads new key-log lines, decrypts connections that were waiting for them and
    /// gives up on those that waited too long (`now` in capture time).
    void poll(double now);

    const TlsStats& stats() const { return m_stats; }
    /// Connections currently held (waiting for keys or not yet decrypting).
    int heldConnections() const;

private:
    enum class Mode {
        Sniffing, ///< not enough bytes yet to tell whether this is TLS
        Following, ///< TLS from its ClientHello; nothing decrypted passed on yet, so the bytes are held
        Decrypting, ///< application data is being passed on decrypted
        PassThrough, ///< passed on as it came (not TLS, or TLS that cannot be decrypted)
    };
    struct Event
    {
        enum class Kind : quint8 { Data, Gap, End } kind;
        Direction dir;
        bool reset = false;
        qint64 missing = 0;
        double ts = 0;
        QByteArray bytes;
    };
    struct Connection;
    class Output;

    Connection* find(quint64 id);
    void handle(Connection& c, const Event& event);
    void follow(Connection& c, Direction tlsClient);
    void restart(Connection& c);
    void check(Connection& c, double ts);
    void giveUp(Connection& c, tls::NotDecrypted kind, const QString& reason);
    void passOn(Connection& c, const Event& event);
    void countDecrypted(Connection& c);
    QString missingKeysReason(const Connection& c) const;

    ByteStreamSink& m_next;
    TlsKeySource& m_keys;
    Options m_options;
    TlsStats m_stats;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
};

} // namespace rpcscope
