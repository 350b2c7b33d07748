#pragma once

#include "streamcarrier.h"
#include "tls/tlscarrier.h"
#include "tls/tlsconnection.h"

#include <QByteArray>

#include <deque>
#include <memory>

namespace rpcscope {

/// The TLS records of one connection, kept until the messages they carried have been framed: the decryption stage
/// adds each record as it passes its plaintext on, and the conversation decoder asks for the records under each
/// message (`wrap`) and lets go of those it is done with (`release`). For a connection that is not decrypted it
/// only adds the connection's node and the reason.
class TlsRecordCarrier : public StreamCarrier
{
public:
    /// `maxHeldBytes` bounds the record bytes kept per direction (a direction whose bytes are never framed).
    /// Without `keepRecords` messages get the connection and the problems only (no trees, no stored calls).
    TlsRecordCarrier(qint64 maxHeldBytes, bool keepRecords = true);

    /// The record's plaintext follows the bytes given before (the stage passes it on right after).
    void addRecord(const tls::DecryptedRecord& record);
    /// Something was lost at the current end of `dir`'s plaintext: the message there says so.
    void addProblem(Direction dir, const QString& text);
    /// The latest snapshot of the connection.
    void setSession(std::shared_ptr<const tls::SessionInfo> session);
    /// The connection is passed on undecrypted from now on: messages get the connection's node and its reason.
    void setUndecrypted(std::shared_ptr<const tls::SessionInfo> session);

    void wrap(Direction dir, qint64 begin, qint64 end, DecodedMessage& message, const DecodeOptions& options) override;
    void release(Direction dir, qint64 offset) override;

    /// Record bytes held now, both directions (for tests and memory accounting).
    qint64 heldBytes() const;

private:
    struct Record
    {
        qint64 plainStart;
        qint64 plainLength;
        qint64 wireStart; // in the direction's wire offsets (see Side::wireBase)
        qint64 wireLength;
        quint64 sequence;
        int keyIndex;
    };
    struct Problem
    {
        qint64 at;
        QString text;
    };
    struct Side
    {
        QByteArray wire;
        qint64 wireBase = 0; // wire offset of wire[0]
        qint64 wireEnd = 0;
        qint64 plainEnd = 0;
        std::deque<Record> records;
        std::deque<Problem> problems;
    };
    void dropBefore(Side& s, qint64 plainOffset);

    qint64 m_maxHeldBytes;
    bool m_keepRecords;
    /// Without records: one carrier per snapshot of the connection, shared by its messages.
    std::shared_ptr<const tls::TlsCarrier> m_light;
    Side m_sides[2];
    std::shared_ptr<const tls::SessionInfo> m_session;
    std::shared_ptr<const tls::TlsCarrier> m_undecrypted;
};

} // namespace rpcscope
