#include "callentry.h"

#include "callrebuild.h"

#include <algorithm>
#include <limits>

namespace rpcscope {

namespace {

// The record of `call`, but for its string ids.
CallRecord recordOf(const Call& call)
{
    constexpr qint64 maxSize = std::numeric_limits<quint32>::max();
    CallRecord r;
    r.id = call.id;
    r.connectionId = call.connectionId;
    r.start = call.start();
    if (const auto latency = call.latencyMs())
        r.latencyMs = *latency;
    r.requestSize = static_cast<quint32>(std::clamp<qint64>(call.requestSize(), 0, maxSize));
    r.responseSize = static_cast<quint32>(std::clamp<qint64>(call.responseSize(), 0, maxSize));
    r.status = call.status;
    r.truncated = call.truncated();
    return r;
}

} // namespace

CallEntry makeCallEntry(const Call& call, BytePacker& packer, const PackedBytes& packedRequest)
{
    CallEntry e;
    e.record = recordOf(call);
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

QString CallEntryMaker::shared(const QString& text)
{
    const qsizetype n = text.size();
    if (n == 0)
        return text;
    const QChar* c = text.constData();
    QString& recent
        = m_recent[(std::size_t(n) * 131 + c[0].unicode() * 31u + c[n / 2].unicode() * 7u + c[n - 1].unicode())
                   % kRecent];
    if (recent == text)
        return recent;
    auto it = m_texts.constFind(text);
    if (it == m_texts.constEnd()) {
        if (m_texts.size() >= kMaxTexts)
            m_texts.clear();
        // Kept on the heap even when given as a literal (a protocol's id): the store recognises counted
        // characters by their address (StringPool::intern).
        it = m_texts.insert(text.data_ptr().isMutable() ? text : QString(text.constData(), n));
    }
    recent = *it;
    return recent;
}

CallEntry CallEntryMaker::make(const Call& call)
{
    CallEntry e;
    e.record = recordOf(call);
    e.protocol = shared(call.protocol);
    e.method = shared(call.method());
    e.object = shared(call.object());
    // Formatting two endpoints per call would cost more than the rest of the entry; a connection keeps them.
    auto endpoints = m_endpoints.find(call.connectionId);
    if (endpoints == m_endpoints.end() || endpoints->client != call.client || endpoints->server != call.server) {
        if (m_endpoints.size() >= kMaxConnections)
            m_endpoints.clear();
        endpoints = m_endpoints.insert(
            call.connectionId,
            {call.client, call.server, shared(call.client.toString()), shared(call.server.toString())});
    }
    e.client = endpoints->clientText;
    e.server = endpoints->serverText;
    e.stored = storeCall(call, m_packer);
    return e;
}

} // namespace rpcscope
