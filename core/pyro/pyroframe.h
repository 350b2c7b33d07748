#pragma once

#include "pyro/pyroprotocol.h"

#include <QByteArray>

namespace rpcscope {

/// What the Pyro protocol versions share about one message, read from its header: type, sequence number, sizes,
/// the serializer by kind and the flags by meaning (Pyro4 and Pyro5 number some flag bits and every serializer
/// differently; the headers translate).
struct PyroFrame
{
    /// 4 (protocol 48) or 5 (protocol 502).
    int version = 4;
    quint16 type = 0;
    quint16 seq = 0;
    /// The flags as on the wire, and the serializer id as on the wire.
    quint16 flags = 0;
    quint16 serializerId = 0;
    pyro::Serializer serializer = pyro::Serializer::Unknown;
    qint64 headerSize = 0;
    qint64 annotationsSize = 0;
    qint64 dataSize = 0;
    bool exception = false;
    bool compressed = false;
    bool oneway = false;
    bool batch = false;
    bool itemStream = false;
    bool keepSerialized = false;
    /// Pyro5: the correlation id of the header (16 bytes) when its flag is set; empty otherwise.
    QByteArray correlationId;

    qint64 annotationsOffset() const { return headerSize; }
    qint64 payloadOffset() const { return headerSize + annotationsSize; }
    qint64 frameLength() const { return headerSize + annotationsSize + dataSize; }
    /// "pyro4" or "pyro5": the protocol id of the decoder for this version.
    QString protocolId() const { return version == 5 ? QStringLiteral("pyro5") : QStringLiteral("pyro4"); }
    /// "Pyro4" or "Pyro5".
    QString displayName() const { return version == 5 ? QStringLiteral("Pyro5") : QStringLiteral("Pyro4"); }
};

} // namespace rpcscope
