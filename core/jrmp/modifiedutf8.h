#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace rpcscope {

/// Java's "modified UTF-8" (DataInput.readUTF, serialization strings): NUL is written as C0 80 and characters
/// outside the BMP as two 3-byte surrogates, so every sequence maps to exactly one UTF-16 code unit.
namespace modifiedutf8 {

/// Decodes `bytes`. Malformed sequences become U+FFFD and clear `*ok` (when given); decoding never fails.
QString decode(QByteArrayView bytes, bool* ok = nullptr);
/// Encodes `text` the way DataOutputStream.writeUTF does, without the 2-byte length prefix.
QByteArray encode(QStringView text);

} // namespace modifiedutf8
} // namespace rpcscope
