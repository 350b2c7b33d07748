#include "callentry.h"

#include "callrebuild.h"

#include <algorithm>
#include <limits>

namespace rpcscope {

CallEntry makeCallEntry(const Call& call, BytePacker& packer, const PackedBytes& packedRequest)
{
    constexpr qint64 maxSize = std::numeric_limits<quint32>::max();
    CallEntry e;
    CallRecord& r = e.record;
    r.id = call.id;
    r.connectionId = call.connectionId;
    r.start = call.start();
    if (const auto latency = call.latencyMs())
        r.latencyMs = *latency;
    r.requestSize = static_cast<quint32>(std::clamp<qint64>(call.requestSize(), 0, maxSize));
    r.responseSize = static_cast<quint32>(std::clamp<qint64>(call.responseSize(), 0, maxSize));
    r.status = call.status;
    r.truncated = call.truncated();
    e.protocol = call.protocol;
    e.method = call.method();
    e.object = call.object();
    e.client = call.client.toString();
    e.server = call.server.toString();
    e.stored = storeCall(call, packer, packedRequest);
    return e;
}

QList<CallEntry> makeCallEntries(const QList<Call>& calls, BytePacker& packer)
{
    QList<CallEntry> entries;
    entries.reserve(calls.size());
    for (const Call& call : calls)
        entries.append(makeCallEntry(call, packer));
    return entries;
}

} // namespace rpcscope
