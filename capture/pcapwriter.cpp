#include "pcapwriter.h"

#include <QFile>
#include <QtEndian>

#include <cmath>

namespace rpcscope {

namespace {
// Records are collected and written in blocks of about this size.
constexpr qsizetype kBlock = 256 * 1024;

void putU32(QByteArray& out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

void putU16(QByteArray& out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}
} // namespace

QByteArray PcapWriter::fileHeader(const Options& options)
{
    QByteArray h;
    h.reserve(24);
    putU32(h, options.nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
    putU16(h, 2); // version 2.4
    putU16(h, 4);
    putU32(h, 0); // time zone offset (always 0)
    putU32(h, 0); // timestamp accuracy (always 0)
    putU32(h, options.snaplen);
    putU32(h, static_cast<quint32>(options.linkType));
    return h;
}

Result<std::unique_ptr<PcapWriter>> PcapWriter::create(const QString& path, Options options)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error {QStringLiteral("%1: cannot write: %2").arg(path, file->errorString())};
    auto writer = std::make_unique<PcapWriter>(*file, options);
    writer->m_ownedDevice = std::move(file);
    if (Status s = writer->flush(); !s)
        return Error {s.error()};
    return writer;
}

PcapWriter::PcapWriter(QIODevice& device, Options options)
    : m_device(&device)
    , m_options(options)
{
    m_buffer = fileHeader(options);
}

PcapWriter::~PcapWriter()
{
    flush();
}

Status PcapWriter::writePacket(double ts, QByteArrayView captured, qint64 wireLength)
{
    if (wireLength < captured.size())
        wireLength = captured.size();
    const double whole = std::floor(ts);
    const quint32 scale = m_options.nanoseconds ? 1000000000u : 1000000u;
    quint64 seconds = static_cast<quint64>(whole);
    quint64 fraction = static_cast<quint64>(std::llround((ts - whole) * scale));
    if (fraction >= scale) {
        fraction -= scale;
        seconds++;
    }
    putU32(m_buffer, static_cast<quint32>(seconds));
    putU32(m_buffer, static_cast<quint32>(fraction));
    putU32(m_buffer, static_cast<quint32>(captured.size()));
    putU32(m_buffer, static_cast<quint32>(wireLength));
    m_buffer.append(captured.data(), captured.size());
    m_packets++;
    if (m_buffer.size() >= kBlock)
        return writeOut();
    return m_error.isEmpty() ? Status(Done {}) : Status(Error {m_error});
}

Status PcapWriter::writeOut()
{
    if (!m_error.isEmpty())
        return Error {m_error};
    if (!m_buffer.isEmpty()) {
        const qint64 n = m_device->write(m_buffer);
        if (n != m_buffer.size()) {
            m_error = QStringLiteral("cannot write the capture: %1").arg(m_device->errorString());
            return Error {m_error};
        }
        m_buffer.clear();
    }
    return Done {};
}

Status PcapWriter::flush()
{
    Status s = writeOut();
    if (s)
        if (auto* file = qobject_cast<QFileDevice*>(m_device))
            file->flush();
    return s;
}

} // namespace rpcscope
