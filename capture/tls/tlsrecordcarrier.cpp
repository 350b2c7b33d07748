#include "tlsrecordcarrier.h"

namespace rpcscope {

TlsRecordCarrier::TlsRecordCarrier(qint64 maxHeldBytes, bool keepRecords)
    : m_maxHeldBytes(maxHeldBytes)
    , m_keepRecords(keepRecords)
{ }

void TlsRecordCarrier::setSession(std::shared_ptr<const tls::SessionInfo> session)
{
    m_session = std::move(session);
}

void TlsRecordCarrier::setUndecrypted(std::shared_ptr<const tls::SessionInfo> session)
{
    auto carrier = std::make_shared<tls::TlsCarrier>();
    carrier->session = std::move(session);
    m_undecrypted = std::move(carrier);
    for (Side& s : m_sides)
        s = Side {};
}

void TlsRecordCarrier::addRecord(const tls::DecryptedRecord& record)
{
    Side& s = m_sides[index(record.direction)];
    if (!m_keepRecords) {
        s.plainEnd += record.content.size();
        return;
    }
    if (s.wireEnd - s.wireBase + record.wire.size() > m_maxHeldBytes && !s.records.empty()) {
        // Nobody frames this direction's bytes (a decoder stopped on it): keep only the newer half.
        qint64 dropTo = s.records.front().plainStart;
        for (const Record& r : s.records) {
            if (s.wireEnd - r.wireStart <= m_maxHeldBytes / 2)
                break;
            dropTo = r.plainStart + r.plainLength;
        }
        dropBefore(s, dropTo);
    }
    s.records.push_back(
        {s.plainEnd, record.content.size(), s.wireEnd, record.wire.size(), record.sequence, record.keyIndex});
    s.wire.append(record.wire.data(), record.wire.size());
    s.wireEnd += record.wire.size();
    s.plainEnd += record.content.size();
}

void TlsRecordCarrier::addProblem(Direction dir, const QString& text)
{
    Side& s = m_sides[index(dir)];
    if (s.problems.size() < 64)
        s.problems.push_back({s.plainEnd, text});
}

void TlsRecordCarrier::wrap(Direction dir, qint64 begin, qint64 end, DecodedMessage& message,
                            const DecodeOptions& options)
{
    if (m_undecrypted) {
        tls::attachTls(message, m_undecrypted, options.buildTree);
        return;
    }
    Side& s = m_sides[index(dir)];
    if (!m_keepRecords && (s.problems.empty() || s.problems.front().at > end)) {
        if (!m_light || m_light->session != m_session) {
            auto light = std::make_shared<tls::TlsCarrier>();
            light->session = m_session;
            m_light = std::move(light);
        }
        tls::attachTls(message, m_light, options.buildTree);
        return;
    }
    auto carrier = std::make_shared<tls::TlsCarrier>();
    carrier->session = m_session;
    // The records whose plaintext overlaps [begin, end): a run, since both are in stream order.
    auto first = s.records.begin();
    while (first != s.records.end() && first->plainStart + first->plainLength <= begin)
        ++first;
    auto last = first;
    while (last != s.records.end() && last->plainStart < end)
        ++last;
    if (first != last) {
        const qint64 wireFrom = first->wireStart;
        const qint64 wireTo = std::prev(last)->wireStart + std::prev(last)->wireLength;
        carrier->records = s.wire.mid(wireFrom - s.wireBase, wireTo - wireFrom);
        carrier->parts.reserve(std::size_t(last - first));
        for (auto r = first; r != last; ++r)
            carrier->parts.push_back({r->wireStart - wireFrom, r->wireLength, r->plainStart - begin, r->plainLength,
                                      r->sequence, r->keyIndex});
    }
    // Problems at the message's start or inside it belong to it.
    while (!s.problems.empty() && s.problems.front().at <= end) {
        if (s.problems.front().at >= begin)
            carrier->problems << s.problems.front().text;
        s.problems.pop_front();
    }
    tls::attachTls(message, std::move(carrier), options.buildTree);
}

void TlsRecordCarrier::dropBefore(Side& s, qint64 plainOffset)
{
    while (!s.records.empty() && s.records.front().plainStart + s.records.front().plainLength <= plainOffset)
        s.records.pop_front();
    const qint64 keepFrom = s.records.empty() ? s.wireEnd : s.records.front().wireStart;
    // Compact once the dropped prefix dominates, as the conversation decoder does with its buffers.
    if (keepFrom - s.wireBase >= s.wire.size() / 2 || s.records.empty()) {
        s.wire.remove(0, keepFrom - s.wireBase);
        s.wireBase = keepFrom;
    }
}

void TlsRecordCarrier::release(Direction dir, qint64 offset)
{
    Side& s = m_sides[index(dir)];
    dropBefore(s, offset);
    while (!s.problems.empty() && s.problems.front().at < offset)
        s.problems.pop_front();
}

qint64 TlsRecordCarrier::heldBytes() const
{
    return m_sides[0].wire.size() + m_sides[1].wire.size();
}

} // namespace rpcscope
