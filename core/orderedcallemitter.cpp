#include "orderedcallemitter.h"

namespace rpcscope {

void OrderedCallEmitter::callStarted(const Call& call)
{
    m_calls.emplace(call.id, std::nullopt);
    m_next.callStarted(call);
}

void OrderedCallEmitter::callFinished(Call&& call)
{
    const quint64 id = call.id;
    m_calls[id] = std::move(call);
    release();
}

void OrderedCallEmitter::release()
{
    while (!m_calls.empty() && m_calls.begin()->second.has_value()) {
        auto it = m_calls.begin();
        Call call = std::move(*it->second);
        m_calls.erase(it);
        m_next.callFinished(std::move(call));
    }
}

} // namespace rpcscope
