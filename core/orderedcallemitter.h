#pragma once

#include "callsink.h"

#include <map>
#include <optional>

namespace rpcscope {

/// Passes calls on in the order their requests were seen, holding a finished call back until every earlier
/// request has finished too (the CLI's documented output order). Live views that want calls as they complete
/// skip this and take calls straight from the pipeline.
class OrderedCallEmitter : public CallSink
{
public:
    explicit OrderedCallEmitter(CallSink& next)
        : m_next(next)
    { }

    void callStarted(const Call& call) override;
    void callFinished(Call&& call) override;
    /// Calls held back, waiting for an earlier one.
    int held() const { return static_cast<int>(m_calls.size()); }

private:
    void release();

    CallSink& m_next;
    std::map<quint64, std::optional<Call>> m_calls;
};

} // namespace rpcscope
