#include "livecapture.h"

#include "callsink.h"
#include "decoderregistry.h"
#include "packetprocessor.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

#include <QFileInfo>

#include <QCoreApplication>

#include <pcap/pcap.h>

#include <chrono>
#include <poll.h>

namespace rpcscope {

namespace {

double nowSeconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

// Counts the calls on their way to the real sink.
class CountingSink : public CallSink
{
public:
    explicit CountingSink(CallSink& next)
        : m_next(next)
    { }
    void callStarted(const Call& call) override { m_next.callStarted(call); }
    void callFinished(Call&& call) override
    {
        ++calls;
        m_next.callFinished(std::move(call));
    }
    qint64 calls = 0;

private:
    CallSink& m_next;
};

struct Loop
{
    PacketProcessor* processor;
    pcap_dumper_t* dumper;
    qint64 packets = 0;
    qint64 bytes = 0;
};

void onPacket(u_char* user, const pcap_pkthdr* header, const u_char* bytes)
{
    auto* loop = reinterpret_cast<Loop*>(user);
    if (loop->dumper)
        pcap_dump(reinterpret_cast<u_char*>(loop->dumper), header, bytes);
    RawPacket packet;
    packet.ts = header->ts.tv_sec + header->ts.tv_usec / 1e6;
    packet.data = QByteArrayView(reinterpret_cast<const char*>(bytes), header->caplen);
    packet.wireLength = header->len;
    loop->processor->process(packet);
    loop->packets++;
    loop->bytes += header->len;
}

} // namespace

QString LiveCapture::missingRightsHelp()
{
    const QString binary = QCoreApplication::instance() ? QCoreApplication::applicationFilePath()
                                                        : QStringLiteral("/path/to/rpcscope-cli");
    return QStringLiteral("Live capture needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities: grant them once with "
                          "'sudo setcap cap_net_raw,cap_net_admin=eip %1', or run the capture as root. The recording "
                          "proxy (rpcscope-cli proxy) needs no rights.")
        .arg(binary);
}

LiveCapture::LiveCapture(const LiveCaptureOptions& options, CallSink& sink)
    : m_options(options)
    , m_sink(sink)
{ }

LiveCapture::~LiveCapture()
{
    stop();
    if (m_dumper)
        pcap_dump_close(m_dumper);
    if (m_pcap)
        pcap_close(m_pcap);
}

Result<std::unique_ptr<LiveCapture>> LiveCapture::start(const LiveCaptureOptions& options, CallSink& sink)
{
    std::unique_ptr<LiveCapture> capture(new LiveCapture(options, sink));
    const QString name = options.interfaceName.isEmpty() ? QStringLiteral("any") : options.interfaceName;
    const QByteArray device = name.toLocal8Bit();
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_create(device.constData(), errbuf);
    if (!p)
        return Error {QStringLiteral("cannot capture on %1: %2").arg(name, QString::fromLocal8Bit(errbuf))};
    capture->m_pcap = p;
    pcap_set_snaplen(p, options.snaplen);
    pcap_set_promisc(p, 0);
    pcap_set_immediate_mode(p, options.immediate ? 1 : 0);
    pcap_set_buffer_size(p, options.bufferBytes);
    pcap_set_timeout(p, options.bufferTimeoutMs);
    const int activated = pcap_activate(p);
    if (activated < 0) {
        const QString detail = QString::fromLocal8Bit(pcap_geterr(p));
        if (activated == PCAP_ERROR_PERM_DENIED)
            return Error {QStringLiteral("cannot capture on %1: permission denied (%2). %3")
                              .arg(name, detail, missingRightsHelp())};
        if (activated == PCAP_ERROR_NO_SUCH_DEVICE)
            return Error {QStringLiteral("cannot capture on %1: there is no such interface (%2); "
                                         "'rpcscope-cli capture --list-interfaces' lists them")
                              .arg(name, detail)};
        return Error {QStringLiteral("cannot capture on %1: %2").arg(name, detail)};
    }
    for (const QString& keyLog : options.tlsKeyLogs) {
        if (QFileInfo(keyLog).isDir())
            return Error {QStringLiteral("%1: is a directory, not a TLS key log").arg(keyLog)};
    }
    capture->m_linkType = pcap_datalink(p);
    if (!options.filter.trimmed().isEmpty()) {
        bpf_program program {};
        const QByteArray filter = options.filter.toLocal8Bit();
        if (pcap_compile(p, &program, filter.constData(), 1, PCAP_NETMASK_UNKNOWN) != 0)
            return Error {QStringLiteral("invalid capture filter '%1': %2")
                              .arg(options.filter, QString::fromLocal8Bit(pcap_geterr(p)))};
        const int set = pcap_setfilter(p, &program);
        pcap_freecode(&program);
        if (set != 0)
            return Error {QStringLiteral("cannot apply the capture filter on %1: %2")
                              .arg(name, QString::fromLocal8Bit(pcap_geterr(p)))};
    }
    if (auto decoder = PacketDecoder::forLinkType(capture->m_linkType); !decoder)
        return Error {QStringLiteral("cannot capture on %1: %2").arg(name, decoder.error())};
    if (pcap_setnonblock(p, 1, errbuf) != 0)
        return Error {QStringLiteral("cannot capture on %1: %2").arg(name, QString::fromLocal8Bit(errbuf))};
    if (!options.writePath.isEmpty()) {
        capture->m_dumper = pcap_dump_open(p, options.writePath.toLocal8Bit().constData());
        if (!capture->m_dumper)
            return Error {
                QStringLiteral("cannot write %1: %2").arg(options.writePath, QString::fromLocal8Bit(pcap_geterr(p)))};
    }
    capture->m_running = true;
    capture->m_stats.running = true;
    capture->m_thread = std::thread([c = capture.get()] { c->run(); });
    return capture;
}

void LiveCapture::stop()
{
    m_stopRequested = true;
    if (m_thread.joinable())
        m_thread.join();
}

LiveCaptureStats LiveCapture::stats() const
{
    std::lock_guard lock(m_statsMutex);
    return m_stats;
}

void LiveCapture::run()
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CountingSink counting(m_sink);
    TrafficDecoder traffic(registry, m_options.decode, counting);
    TlsKeySource keys;
    for (const QString& keyLog : m_options.tlsKeyLogs)
        keys.addFile(keyLog, true);
    TlsDecryptingSink::Options tlsOptions;
    tlsOptions.live = true;
    tlsOptions.limits = m_options.decode.limits;
    tlsOptions.keepRecords = m_options.keepTlsRecords || m_options.decode.buildTree;
    TlsDecryptingSink tlsStage(traffic, keys, tlsOptions);
    PacketProcessor processor(*PacketDecoder::forLinkType(m_linkType), tlsStage);
    Loop loop {&processor, m_dumper};
    const int fd = pcap_get_selectable_fd(m_pcap);
    QString error;
    double lastHousekeeping = nowSeconds();

    auto publish = [&](bool running) {
        pcap_stat ps {};
        const bool haveStats = pcap_stats(m_pcap, &ps) == 0;
        std::lock_guard lock(m_statsMutex);
        m_stats.packets = loop.packets;
        m_stats.bytes = loop.bytes;
        m_stats.calls = counting.calls;
        if (haveStats) {
            m_stats.kernelDrops = ps.ps_drop;
            m_stats.interfaceDrops = ps.ps_ifdrop;
        }
        m_stats.openConnections = traffic.openConnections();
        m_stats.bufferedBytes = traffic.bufferedBytes();
        m_stats.traffic = traffic.stats();
        m_stats.tls = tlsStage.stats();
        m_stats.running = running;
        m_stats.error = error;
    };

    while (!m_stopRequested.load(std::memory_order_relaxed)) {
        pollfd pfd {fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, 100);
        if (ready < 0 && errno != EINTR) {
            error = QStringLiteral("capture on %1 stopped: %2").arg(m_options.interfaceName, qt_error_string(errno));
            break;
        }
        // Drain everything buffered, a bounded batch at a time so a stop request is seen promptly.
        for (int batch = 0; batch < 64; ++batch) {
            const int n = pcap_dispatch(m_pcap, 1000, onPacket, reinterpret_cast<u_char*>(&loop));
            if (n < 0) {
                error = QStringLiteral("capture on %1 stopped: %2")
                            .arg(m_options.interfaceName, QString::fromLocal8Bit(pcap_geterr(m_pcap)));
                break;
            }
            if (n == 0)
                break;
        }
        if (!error.isEmpty())
            break;
        const double now = nowSeconds();
        if (now - lastHousekeeping >= 0.25) {
            lastHousekeeping = now;
            tlsStage.poll(now);
            traffic.expire(now, m_options.noReplyDeadline);
            processor.expireIdle(now, m_options.idleSeconds);
            if (m_dumper)
                pcap_dump_flush(m_dumper);
            publish(true);
        }
    }
    // What is already buffered belongs to the capture too.
    if (error.isEmpty())
        pcap_dispatch(m_pcap, -1, onPacket, reinterpret_cast<u_char*>(&loop));
    processor.finish();
    traffic.finishAll(nowSeconds());
    if (m_dumper)
        pcap_dump_flush(m_dumper);
    publish(false);
    m_running = false;
}

} // namespace rpcscope
