#pragma once

#include "protocoldecoder.h"
#include "result.h"
#include "tlsstats.h"
#include "trafficstats.h"

#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

struct pcap;
struct pcap_dumper;

namespace rpcscope {

class CallSink;

/// What a live capture is asked to do.
struct LiveCaptureOptions
{
    QString interfaceName;
    /// BPF expression; empty captures everything.
    QString filter;
    /// Also write every captured packet to this pcap file (empty: do not).
    QString writePath;
    int snaplen = 262144;
    /// libpcap's immediate mode hands over every packet at once, but on Linux it also switches to TPACKET_V2,
    /// whose ring reserves a whole snapshot length per packet: 64 MiB then hold only ~1000 loopback packets, and
    /// a busy machine drops bursts (measured: half the packets at 20,000 calls/s). Off by default: TPACKET_V3
    /// packs packets tightly and still delivers them within `bufferTimeoutMs`.
    bool immediate = false;
    /// Longest a captured packet waits in the kernel before it is handed over (when not immediate).
    int bufferTimeoutMs = 10;
    /// Kernel buffer: large enough that a burst does not drop packets while the decoder catches up.
    int bufferBytes = 64 * 1024 * 1024;
    /// Requests unanswered for this long become no-reply.
    double noReplyDeadline = 30;
    /// Connections silent for this long are closed and their state freed (a peer that vanished without FIN).
    double idleSeconds = 300;
    /// Decoding limits, including the per-stream buffer cap (DecodeLimits::maxStreamBuffer, 64 MiB by default).
    DecodeOptions decode = defaultDecodeOptions();
    /// TLS key logs to decrypt with, read again as clients append to them (they need not exist yet at the start).
    QStringList tlsKeyLogs;
    /// Keep the TLS records under each message (a window that shows trees later); a printer needs only the
    /// connection.
    bool keepTlsRecords = true;

    static DecodeOptions defaultDecodeOptions()
    {
        DecodeOptions options;
        options.buildTree = false;
        return options;
    }
};

/// Counters of a running capture; a consistent snapshot, safe to take from any thread.
struct LiveCaptureStats
{
    qint64 packets = 0;
    qint64 bytes = 0;
    qint64 calls = 0;
    /// pcap_stats: packets the kernel dropped because the buffer was full, and drops by the interface/driver.
    qint64 kernelDrops = 0;
    qint64 interfaceDrops = 0;
    int openConnections = 0;
    qint64 bufferedBytes = 0;
    TrafficStats traffic;
    TlsStats tls;
    bool running = false;
    /// Why the capture stopped on its own (the interface went away); empty otherwise.
    QString error;
};

/// Captures packets from a network interface with libpcap and decodes them into calls as they arrive: the same
/// pipeline as a capture file (PacketProcessor → TlsDecryptingSink → TrafficDecoder), run on a thread of its own so
/// nothing it does can block a GUI. Calls reach the sink on that thread as soon as their reply is seen (over TLS: as
/// soon as their keys are in the key log too).
class LiveCapture
{
public:
    /// Opens the interface (immediate mode, the filter validated and applied) and starts capturing. The error
    /// names the interface and, for missing rights, says how to grant them. `sink` must outlive the capture.
    static Result<std::unique_ptr<LiveCapture>> start(const LiveCaptureOptions& options, CallSink& sink);
    ~LiveCapture();
    LiveCapture(const LiveCapture&) = delete;
    LiveCapture& operator=(const LiveCapture&) = delete;

    /// Stops capturing: packets still in the buffer are decoded, open connections are finished (unanswered
    /// requests become no-reply) and the written file is closed. Returns when the thread has ended.
    void stop();
    bool isRunning() const { return m_running.load(); }
    LiveCaptureStats stats() const;
    const LiveCaptureOptions& options() const { return m_options; }
    int linkType() const { return m_linkType; }

    /// The sentence shown when capturing is not permitted.
    static QString missingRightsHelp();

private:
    LiveCapture(const LiveCaptureOptions& options, CallSink& sink);
    void run();

    LiveCaptureOptions m_options;
    CallSink& m_sink;
    pcap* m_pcap = nullptr;
    pcap_dumper* m_dumper = nullptr;
    int m_linkType = 0;
    std::thread m_thread;
    std::atomic<bool> m_stopRequested {false};
    std::atomic<bool> m_running {false};
    mutable std::mutex m_statsMutex;
    LiveCaptureStats m_stats;
};

} // namespace rpcscope
