#include "httpframer.h"

namespace rpcscope::http {

FrameCut HttpFramer::cut(Direction dir, QByteArrayView pending, const FrameHints& hints)
{
    HttpMessageParser& parser = m_parsers[index(dir)];
    FrameCut cut = parser.cut(pending, hints, m_exchange);
    m_notes[index(dir)].head = parser.cutHead();
    return cut;
}

const FrameNote* HttpFramer::note(Direction dir) const
{
    const HttpHeadNote& note = m_notes[index(dir)];
    return note.head ? &note : nullptr;
}

qint64 HttpFramer::resync(Direction dir, QByteArrayView pending)
{
    m_notes[index(dir)].head = nullptr;
    return m_parsers[index(dir)].resync(pending);
}

} // namespace rpcscope::http
