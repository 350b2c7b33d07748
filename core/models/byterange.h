#pragma once

#include <QMetaType>
#include <QtGlobal>

namespace rpcscope {

/// A span of bytes in one of a message's buffers (0 = the message as framed; see DecodedMessage::buffers).
struct ByteRange
{
    int buffer = 0;
    qint64 offset = -1;
    qint64 length = 0;

    bool isValid() const { return offset >= 0; }
    qint64 end() const { return offset + length; }
    bool contains(int buf, qint64 pos) const { return buf == buffer && pos >= offset && pos < end(); }
    bool operator==(const ByteRange&) const = default;
};

} // namespace rpcscope

Q_DECLARE_METATYPE(rpcscope::ByteRange)
