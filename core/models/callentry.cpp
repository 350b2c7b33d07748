#include "callentry.h"

#include "callrebuild.h"

namespace rpcscope {

CallEntry makeCallEntry(const Call& call, BytePacker& packer, const PackedBytes& packedRequest)
{
    CallEntry e;
    e.id = call.id;
    e.connectionId = call.connectionId;
    e.start = call.start();
    if (const auto latency = call.latencyMs())
        e.latencyMs = *latency;
    e.protocol = call.protocol;
    e.method = call.method();
    e.object = call.object();
    e.client = call.client.toString();
    e.server = call.server.toString();
    e.requestSize = call.requestSize();
    e.responseSize = call.responseSize();
    e.status = call.status;
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
