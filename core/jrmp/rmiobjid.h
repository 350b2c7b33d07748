#pragma once

#include <QString>

namespace rpcscope {

/// java.rmi.server.UID as RMI writes it with UID.write: unique (int), time (long), count (short); 14 bytes.
struct RmiUid
{
    qint32 unique = 0;
    qint64 time = 0;
    qint16 count = 0;

    bool isZero() const { return unique == 0 && time == 0 && count == 0; }
    /// "da71f435:1a20af09b83:8002": the three numbers in unsigned hex.
    QString toString() const;
    bool operator==(const RmiUid&) const = default;
};

/// java.rmi.server.ObjID: the object number and the UID of the address space that exported the object.
struct RmiObjId
{
    qint64 objNum = 0;
    RmiUid uid;

    /// The well-known objects (registry 0, activator 1, DGC 2) have an all-zero UID.
    bool isWellKnown() const { return uid.isZero() && objNum >= 0 && objNum <= 2; }
    /// "registry", "activator", "dgc" for the well-known objects; otherwise the object number in hex and the UID:
    /// "b57f51424e67394d@2c676f28:1a20b83e94c:8001".
    QString toString() const;
    bool operator==(const RmiObjId&) const = default;
};

} // namespace rpcscope
