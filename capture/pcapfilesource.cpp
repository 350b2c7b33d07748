#include "pcapfilesource.h"

#include "packetprocessor.h"

#include <QFile>
#include <QFileInfo>

#include <pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace rpcscope {

namespace {
// Reading in big blocks matters on large files; a pipe still delivers whatever has arrived (read() returns early).
constexpr std::size_t kReadBuffer = 1 << 20;
// How often (in packets) the file position is published for progress reports.
constexpr qint64 kPositionInterval = 512;

QString describeOpenFailure(const QString& text)
{
    // libpcap's wording for files that are no capture at all is terse; say it plainly and keep its detail.
    if (text.contains(QLatin1String("unknown file format")) || text.contains(QLatin1String("file header bytes"))
        || text.contains(QLatin1String("bad dump file format")))
        return QStringLiteral("not a pcap or pcapng capture (%1)").arg(text);
    return QStringLiteral("cannot read the capture: %1").arg(text);
}
} // namespace

Result<std::unique_ptr<PcapFileSource>> PcapFileSource::open(const QString& path)
{
    std::unique_ptr<PcapFileSource> source(new PcapFileSource);
    source->m_path = path;
    const bool standardInput = path == QLatin1String("-");
    source->m_displayName = standardInput ? QStringLiteral("standard input") : path;
    auto fail = [&](const QString& reason) { return Error {source->m_displayName + QStringLiteral(": ") + reason}; };

    std::FILE* file = nullptr;
    if (standardInput) {
        file = stdin;
    } else {
        if (QFileInfo(path).isDir())
            return fail(QStringLiteral("is a directory, not a capture file"));
        file = std::fopen(QFile::encodeName(path).constData(), "rb");
        if (!file)
            return fail(QString::fromLocal8Bit(std::strerror(errno)));
    }
    struct stat st = {};
    if (fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode)) {
        source->m_fileSize = st.st_size;
        if (st.st_size == 0) {
            if (!standardInput)
                std::fclose(file);
            return fail(QStringLiteral("the file is empty, not a pcap or pcapng capture"));
        }
    } else {
        source->m_stream = true;
    }
    std::setvbuf(file, nullptr, _IOFBF, kReadBuffer);

    char error[PCAP_ERRBUF_SIZE] = {};
    // Nanosecond precision keeps what nanosecond captures have; microsecond files are scaled up by libpcap.
    source->m_pcap = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, error);
    if (!source->m_pcap) {
        if (!standardInput)
            std::fclose(file);
        return fail(describeOpenFailure(QString::fromLocal8Bit(error)));
    }
    source->m_linkType = pcap_datalink(source->m_pcap);
    source->m_streamBytes = 24;
    return source;
}

PcapFileSource::~PcapFileSource()
{
    if (m_pcap)
        pcap_close(m_pcap); // closes the FILE too (standard input included, which nothing reads after us)
}

double PcapFileSource::progress() const
{
    if (m_fileSize <= 0)
        return -1;
    return std::min(1.0, static_cast<double>(bytesRead()) / static_cast<double>(m_fileSize));
}

void PcapFileSource::updatePosition()
{
    if (!m_stream) {
        const long at = std::ftell(pcap_file(m_pcap));
        if (at >= 0) {
            m_bytesRead.store(at, std::memory_order_relaxed);
            return;
        }
    }
    m_bytesRead.store(m_streamBytes, std::memory_order_relaxed);
}

PcapFileSource::Status PcapFileSource::next(RawPacket& packet)
{
    if (m_cancelled.load(std::memory_order_relaxed))
        return Status::Cancelled;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    while (true) {
        const int rc = pcap_next_ex(m_pcap, &header, &data);
        if (rc == 1)
            break;
        if (rc == 0)
            continue; // only live captures time out; keep reading
        updatePosition();
        if (rc == PCAP_ERROR_BREAK) {
            if (m_fileSize >= 0)
                m_bytesRead.store(m_fileSize, std::memory_order_relaxed);
            return Status::End;
        }
        const QString reason = QString::fromLocal8Bit(pcap_geterr(m_pcap));
        const qint64 done = packetsRead();
        if (reason.contains(QLatin1String("truncated"))) {
            m_error = QStringLiteral("the capture ends in the middle of a packet record after %1 complete packets "
                                     "(%2)")
                          .arg(done)
                          .arg(reason);
            return Status::Truncated;
        }
        m_error = QStringLiteral("cannot read packet %1: %2").arg(done + 1).arg(reason);
        return Status::Error;
    }
    packet.ts = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) * 1e-9;
    packet.data = QByteArrayView(reinterpret_cast<const char*>(data), header->caplen);
    packet.wireLength = std::max<qint64>(header->len, header->caplen);
    const qint64 count = m_packets.fetch_add(1, std::memory_order_relaxed) + 1;
    m_streamBytes += 16 + header->caplen;
    if (count % kPositionInterval == 0)
        updatePosition();
    return Status::Packet;
}

PcapFileSource::Status PcapFileSource::readAll(PacketProcessor& processor,
                                               const std::function<void(const RawPacket&)>& afterPacket)
{
    RawPacket packet;
    while (true) {
        const Status status = next(packet);
        if (status != Status::Packet)
            return status;
        processor.process(packet);
        if (afterPacket)
            afterPacket(packet);
    }
}

} // namespace rpcscope
