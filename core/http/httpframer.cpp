#include "httpframer.h"

namespace rpcscope::http {

FrameCut HttpFramer::cut(Direction dir, QByteArrayView pending, const FrameHints& hints)
{
    return m_parsers[index(dir)].cut(pending, hints, m_exchange);
}

qint64 HttpFramer::resync(Direction dir, QByteArrayView pending)
{
    return m_parsers[index(dir)].resync(pending);
}

} // namespace rpcscope::http
