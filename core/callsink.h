#pragma once

#include "call.h"

namespace rpcscope {

/// Receives calls as the pipeline pairs them.
class CallSink
{
public:
    virtual ~CallSink() = default;
    /// A request was seen and its reply is awaited (live views show it as pending). Ids increase in request order.
    virtual void callStarted(const Call& call) { Q_UNUSED(call); }
    /// The call is complete: replied, faulted, given up on (no-reply), oneway, or malformed.
    virtual void callFinished(Call&& call) = 0;
};

} // namespace rpcscope
