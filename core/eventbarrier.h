#pragma once

#include <QtGlobal>

namespace rpcscope {

/// For sources whose connections are decoded on several threads (ParallelTrafficDecoder). Each event a source
/// delivers (bytes, a gap, an end) has a sequence number, and one thread handles all the events of a connection
/// in order. What connections share, the ObjectNames of the session, must still be read and written as one
/// thread would have: before a decode reads or teaches names at event N, it waits here until every event before
/// N has been handled on every thread. Events after N cannot touch the names meanwhile, since they wait for N.
class EventBarrier
{
public:
    virtual ~EventBarrier() = default;
    virtual void awaitEventsBefore(quint64 event) const = 0;
};

} // namespace rpcscope
