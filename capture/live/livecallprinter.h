#pragma once

#include "callsink.h"

#include <QByteArray>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace rpcscope {

class DecoderRegistry;

/// Prints calls the moment they complete, one line each, flushed at once, the way tshark prints live packets:
/// what `rpcscope-cli capture` and `rpcscope-cli proxy` show. Safe to call from a capture thread.
class LiveCallPrinter : public CallSink
{
public:
    enum class Format { Text, Jsonl };

    /// Text times are relative to `timeBase` (seconds since the epoch, usually the start of the capture).
    LiveCallPrinter(std::FILE* out, Format format, const DecoderRegistry& registry, double timeBase);

    void callFinished(Call&& call) override;
    /// With false, lines are only written to the stream's buffer, and reach the reader at flush(): the proxy
    /// flushes each time its event loop is about to wait, so a burst of calls costs one write, not one per call,
    /// and no line waits for longer than the calls already at hand take to pass.
    void setFlushEachLine(bool each) { m_flushEachLine = each; }
    /// Writes out what the stream buffers; false (and ok() false) when it cannot.
    bool flush();
    /// Print at most `calls` calls and ignore the rest (--count); -1 for no limit.
    void setLimit(qint64 calls) { m_limit = calls; }

    qint64 printed() const { return m_printed.load(std::memory_order_relaxed); }
    /// False once a line could not be written (a closed pipe).
    bool ok() const { return !m_failed.load(std::memory_order_relaxed); }

private:
    std::FILE* m_out;
    Format m_format;
    const DecoderRegistry& m_registry;
    double m_timeBase;
    qint64 m_limit = -1;
    bool m_flushEachLine = true;
    std::mutex m_mutex;
    QByteArray m_line;
    std::atomic<qint64> m_printed {0};
    std::atomic<bool> m_failed {false};
};

} // namespace rpcscope
