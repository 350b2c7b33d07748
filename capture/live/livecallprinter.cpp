#include "livecallprinter.h"

#include "callformat.h"
#include "jsonwriter.h"

namespace rpcscope {

LiveCallPrinter::LiveCallPrinter(std::FILE* out, Format format, const DecoderRegistry& registry, double timeBase)
    : m_out(out)
    , m_format(format)
    , m_registry(registry)
    , m_timeBase(timeBase)
{ }

void LiveCallPrinter::callFinished(Call&& call)
{
    std::lock_guard lock(m_mutex);
    if (m_limit >= 0 && m_printed.load(std::memory_order_relaxed) >= m_limit)
        return;
    m_line.clear();
    if (m_format == Format::Jsonl) {
        JsonWriter json(m_line);
        writeCallJson(json, call);
    } else {
        m_line = callToText(call, m_timeBase, &m_registry).toUtf8();
    }
    m_line += '\n';
    if (std::fwrite(m_line.constData(), 1, m_line.size(), m_out) != static_cast<size_t>(m_line.size())
        || (m_flushEachLine && std::fflush(m_out) != 0)) {
        m_failed.store(true, std::memory_order_relaxed);
    }
    m_printed.fetch_add(1, std::memory_order_relaxed);
}

bool LiveCallPrinter::flush()
{
    std::lock_guard lock(m_mutex);
    if (std::fflush(m_out) != 0)
        m_failed.store(true, std::memory_order_relaxed);
    return ok();
}

} // namespace rpcscope
