#include "callmarker.h"

namespace rpcscope {

CallMarker::Key CallMarker::keyOf(const Call& call)
{
    return Key {call.connectionId, call.request ? call.request->streamOffset : -1};
}

void CallMarker::mark(quint64 stream, qint64 requestOffset, const QString& text)
{
    m_marks.insert(Key {stream, requestOffset}, text);
}

quint64 CallMarker::callIdAt(quint64 stream, qint64 requestOffset) const
{
    return m_pending.value(Key {stream, requestOffset}, 0);
}

void CallMarker::forgetStream(quint64 stream)
{
    m_marks.removeIf([stream](const auto& it) { return it.key().stream == stream; });
    m_pending.removeIf([stream](const auto& it) { return it.key().stream == stream; });
}

void CallMarker::callStarted(const Call& call)
{
    const Key key = keyOf(call);
    if (key.offset < 0) {
        m_next.callStarted(call);
        return;
    }
    m_pending.insert(key, call.id);
    const auto mark = m_marks.constFind(key);
    if (mark == m_marks.constEnd()) {
        m_next.callStarted(call);
        return;
    }
    Call marked = call;
    marked.rule = *mark;
    m_next.callStarted(marked);
}

void CallMarker::callFinished(Call&& call)
{
    const Key key = keyOf(call);
    if (key.offset >= 0) {
        m_pending.remove(key);
        if (auto mark = m_marks.find(key); mark != m_marks.end()) {
            call.rule = *mark;
            m_marks.erase(mark);
        }
    }
    m_next.callFinished(std::move(call));
}

} // namespace rpcscope
