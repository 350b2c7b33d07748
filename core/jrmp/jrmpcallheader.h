#pragma once

#include "decodelimits.h"
#include "javamethodtable.h"
#include "rmiobjid.h"

#include <QByteArrayView>

#include <optional>

namespace rpcscope {

/// The fixed part of a JRMP Call: the target object, the operation and the hash, the first 34 bytes of block data
/// after the 0x50 byte and the stream header.
struct JrmpCallHeader
{
    RmiObjId objId;
    qint32 op = 0;
    qint64 hash = 0;

    /// "registry", "dgc" or the ObjID text.
    QString objectName() const { return objId.toString(); }
    /// The method: a registry or DGC method by operation number, or by method hash one of the JDK's remote methods
    /// (jdkremotemethods) or of `table` (may be null); nullptr if unknown.
    const JavaMethod* method(const JavaMethodTable* table) const;
    /// The name for the call list: the method's name, or "#<hash hex>" (with ":<op>" for a JDK 1.1 stub's
    /// operation number on an unknown interface).
    QString methodName(const JavaMethodTable* table) const;

    /// Reads the header of a Call message (bytes starting with 0x50); nullopt if they are not one or too short.
    static std::optional<JrmpCallHeader> read(QByteArrayView message, const DecodeLimits& limits);
};

} // namespace rpcscope
