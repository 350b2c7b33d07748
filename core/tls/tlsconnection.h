#pragma once

#include "message.h"
#include "tlshandshake.h"
#include "tlskeylog.h"
#include "tlsrecord.h"
#include "tlsrecordopener.h"
#include "tlssession.h"

#include <QByteArray>

#include <memory>
#include <optional>

namespace rpcscope::tls {

/// One application-data record, decrypted: what the stage passes on, and where it came from.
struct DecryptedRecord
{
    Direction direction = Direction::ClientToServer;
    /// The record as on the wire, header included (valid during the call only).
    QByteArrayView wire;
    /// Its decrypted content (valid during the call only).
    QByteArrayView content;
    quint64 sequence = 0;
    /// Index of the key in SessionInfo::keys that opened it.
    int keyIndex = -1;
    double ts = 0;
};

/// Follows one TLS connection from its first bytes: reassembles records and handshake messages, takes the
/// version, suite and randoms from the hellos, derives the keys from key-log secrets, and opens both directions'
/// records, handing application data on. A pure function of the bytes and the key log: nothing here reads files
/// or keeps a clock.
///
/// It stops short where it cannot go on: `blocked()` when secrets it needs are not in the key log (yet), `failed()`
/// when the connection cannot be decrypted at all (no handshake, an unsupported suite, a key that does not open
/// the records). Which of those ends the attempt, and what is done with the bytes then, is the caller's choice.
class TlsConnection
{
public:
    class Output
    {
    public:
        virtual ~Output() = default;
        virtual void applicationData(const DecryptedRecord& record) = 0;
        /// Plaintext of `dir` was lost here (a record that does not open, bytes missing from the capture).
        virtual void lost(Direction dir, const QString& reason, double ts) = 0;
    };

    /// `clientSide` is the direction in which the ClientHello travels.
    explicit TlsConnection(Direction clientSide = Direction::ClientToServer);

    void feed(Direction dir, QByteArrayView bytes, double ts, const KeyLog& keys, Output& out);
    /// `missingBytes` of `dir` never arrived: the record they were in is lost and records are found again after.
    void gap(Direction dir, qint64 missingBytes, double ts, Output& out);
    /// No more bytes come in `dir`: a record cut short by the end is lost, and said so.
    void end(Direction dir, double ts, Output& out);

    /// Waiting for key-log lines; `missing()` names them.
    bool blocked() const { return !m_missing.isEmpty(); }
    const QStringList& missing() const { return m_missing; }
    /// The connection cannot be decrypted; `session()->notDecrypted` says why.
    bool failed() const { return m_failed; }
    /// Application data has been handed on: from now on problems only cost the records they hit.
    bool delivering() const { return m_delivering; }
    /// The ClientHello was seen.
    bool sawClientHello() const { return m_sawClientHello; }
    /// Records of one direction that could not be opened since the handshake (counted, also when delivering).
    qint64 lostRecords() const { return m_lostRecords; }

    /// The latest snapshot of what is known.
    const std::shared_ptr<const SessionInfo>& session() const { return m_session; }

private:
    enum class Phase { Plain, Handshake, Application };

    struct Side
    {
        QByteArray pending;
        qint64 head = 0;
        Phase phase = Phase::Plain;
        std::optional<RecordOpener> opener;
        int keyIndex = -1;
        quint64 seq = 0;
        /// TLS 1.2: the key activated by this side's ChangeCipherSpec; TLS 1.3: the application key.
        std::optional<RecordOpener> next;
        int nextKeyIndex = -1;
        QByteArray trafficSecret; // TLS 1.3 application secret, for KeyUpdate
        int generation = 0;
        HandshakeReassembler handshake;
        bool resync = false; // find a record start again (after a gap)
        bool seqUncertain = false; // records were lost: try the next sequence numbers
        bool stopped = false; // nothing more is read in this direction
        qint64 undecryptable = 0; // handshake-phase records no key opened
        qint64 protectedSeen = 0;
    };

    Side& side(Direction dir) { return m_sides[index(dir)]; }
    bool isClient(Direction dir) const { return dir == m_clientSide; }
    QString who(Direction dir) const;
    void process(Direction dir, double ts, const KeyLog& keys, Output& out);
    /// The whole records at the start of `view`, read in place; returns how many bytes they took.
    qint64 processView(Direction dir, QByteArrayView view, double ts, const KeyLog& keys, Output& out);
    void record(Direction dir, QByteArrayView wire, double ts, const KeyLog& keys, Output& out);
    void plainRecord(Direction dir, const RecordHeader& header, QByteArrayView wire, double ts, const KeyLog& keys,
                     Output& out);
    void protectedRecord(Direction dir, QByteArrayView wire, double ts, const KeyLog& keys, Output& out);
    void handshakeMessages(Direction dir, bool encrypted, double ts, const KeyLog& keys, Output& out);
    void onServerHello(const ServerHello& hello, const KeyLog& keys);
    bool setUpTls12(const KeyLog& keys);
    bool setUpTls13(const KeyLog& keys);
    int addKey(const QString& label, const QString& origin);
    void fail(NotDecrypted kind, const QString& reason);
    void stopSide(Direction dir, const QString& reason, double ts, Output& out);
    void note(const QString& event);
    void publish();

    Direction m_clientSide;
    Side m_sides[2];
    SessionInfo m_info;
    std::shared_ptr<const SessionInfo> m_session;
    const CipherSuite* m_suite = nullptr;
    QByteArray m_serverRandom;
    QStringList m_missing;
    bool m_failed = false;
    bool m_delivering = false;
    bool m_sawClientHello = false;
    bool m_sawServerHello = false;
    bool m_earlyData = false;
    qint64 m_lostRecords = 0;
    QByteArray m_scratch;
};

} // namespace rpcscope::tls
