#pragma once

#include <QString>

namespace rpcscope {

/// The method hash of the JDK 1.2 stub protocol (op = -1): SHA-1 of DataOutputStream.writeUTF(name + descriptor),
/// the first 8 digest bytes read as a little-endian long. `nameAndDescriptor` is e.g. "add(II)I".
qint64 javaMethodHash(QStringView nameAndDescriptor);

/// A hash as RpcScope writes it in method names and trees: 16 lowercase hex digits of the unsigned value.
QString javaHashHex(qint64 hash);

} // namespace rpcscope
