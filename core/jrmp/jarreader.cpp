#include "jarreader.h"

#include "bytecursor.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace rpcscope {

namespace {

constexpr quint32 kEndOfCentralDirectory = 0x06054b50;
constexpr quint32 kZip64Locator = 0x07064b50;
constexpr quint32 kCentralHeader = 0x02014b50;
constexpr quint32 kLocalHeader = 0x04034b50;
constexpr qint64 kEndRecordSize = 22;
constexpr qint64 kCentralHeaderSize = 46;
constexpr qint64 kLocalHeaderSize = 30;
constexpr quint16 kStored = 0;
constexpr quint16 kDeflated = 8;
constexpr quint16 kEncrypted = 0x0001;

// The end of central directory record: searched backwards over the largest comment it can have.
qint64 findEndRecord(QByteArrayView bytes)
{
    const qint64 lowest = std::max<qint64>(0, bytes.size() - kEndRecordSize - 0xFFFF);
    for (qint64 at = bytes.size() - kEndRecordSize; at >= lowest; --at) {
        ByteCursor c(bytes.sliced(at, 4));
        if (c.u32le() != kEndOfCentralDirectory)
            continue;
        // The comment must reach exactly to the end of the file; otherwise these are bytes that merely look alike.
        ByteCursor r(bytes.sliced(at + 20, 2));
        if (at + kEndRecordSize + r.u16le() == bytes.size())
            return at;
    }
    return -1;
}

// Jars write names in UTF-8 (with or without flag bit 11); class names are ASCII in practice, so names of other
// archives written in CP437 only matter for their error messages.
QString entryName(QByteArrayView raw)
{
    return QString::fromUtf8(raw);
}

} // namespace

Result<JarReader> JarReader::open(QByteArrayView bytes, qint64 maxTotalBytes)
{
    if (bytes.size() > kMaxArchiveBytes)
        return Error {QStringLiteral("%1 bytes, more than the %2 bytes of an archive read here")
                          .arg(bytes.size())
                          .arg(kMaxArchiveBytes)};
    if (bytes.size() < kEndRecordSize)
        return Error {
            QStringLiteral("not a jar or zip archive: %1 bytes are too few to hold its directory").arg(bytes.size())};
    const qint64 end = findEndRecord(bytes);
    if (end < 0) {
        if (bytes.startsWith("PK\x03\x04"))
            return Error {QStringLiteral("a damaged zip archive: its end of central directory record is missing "
                                         "(the file was cut short?)")};
        return Error {QStringLiteral("not a jar or zip archive: no end of central directory record")};
    }
    ByteCursor e(bytes.sliced(end, kEndRecordSize), end);
    e.u32le();
    const quint16 disk = e.u16le();
    const quint16 directoryDisk = e.u16le();
    const quint16 entriesHere = e.u16le();
    const quint16 entries = e.u16le();
    const quint32 directorySize = e.u32le();
    const quint32 directoryOffset = e.u32le();
    if (end >= 20) {
        ByteCursor locator(bytes.sliced(end - 20, 4));
        if (locator.u32le() == kZip64Locator)
            return Error {QStringLiteral("a ZIP64 archive (over 65535 entries or 4 GiB), which is not supported")};
    }
    if (disk != 0 || directoryDisk != 0 || entriesHere != entries)
        return Error {QStringLiteral("a multi-part (spanned) archive, which is not supported")};
    if (qint64(directoryOffset) + directorySize > end)
        return Error {QStringLiteral("the central directory (%1 bytes at offset %2) does not lie before its end "
                                     "record at offset %3")
                          .arg(directorySize)
                          .arg(directoryOffset)
                          .arg(end)};
    if (qint64(entries) * kCentralHeaderSize > directorySize)
        return Error {QStringLiteral("the directory claims %1 entries, more than its %2 bytes can hold")
                          .arg(entries)
                          .arg(directorySize)};

    JarReader reader;
    reader.m_bytes = bytes;
    reader.m_maxTotal = maxTotalBytes;
    reader.m_entries.reserve(entries);
    ByteCursor d(bytes.sliced(directoryOffset, directorySize), directoryOffset);
    for (int i = 0; i < entries; ++i) {
        const qint64 at = d.pos();
        if (!d.has(kCentralHeaderSize) || d.u32le() != kCentralHeader)
            return Error {QStringLiteral("directory entry %1 of %2 at offset %3 is damaged (no central file "
                                         "header there)")
                              .arg(i + 1)
                              .arg(entries)
                              .arg(at)};
        Entry entry;
        d.skip(4); // versions
        entry.flags = d.u16le();
        entry.method = d.u16le();
        d.skip(4); // time, date
        entry.crc = d.u32le();
        entry.compressedSize = d.u32le();
        entry.size = d.u32le();
        const quint16 nameLength = d.u16le();
        const quint16 extraLength = d.u16le();
        const quint16 commentLength = d.u16le();
        d.skip(8); // disk, attributes
        entry.localHeaderOffset = d.u32le();
        if (nameLength > kMaxNameBytes || !d.has(qint64(nameLength) + extraLength + commentLength))
            return Error {QStringLiteral("directory entry %1 of %2 at offset %3 is damaged (its name, extra field "
                                         "and comment run past the directory)")
                              .arg(i + 1)
                              .arg(entries)
                              .arg(at)};
        entry.name = entryName(d.bytes(nameLength));
        d.skip(qint64(extraLength) + commentLength);
        if (entry.compressedSize == 0xFFFFFFFF || entry.size == 0xFFFFFFFF || entry.localHeaderOffset == 0xFFFFFFFF)
            return Error {QStringLiteral("%1: ZIP64 sizes, which are not supported").arg(entry.name)};
        reader.m_entries.push_back(std::move(entry));
    }
    return reader;
}

Result<QByteArray> JarReader::read(std::size_t index, qint64 maxEntryBytes)
{
    if (index >= m_entries.size())
        return Error {QStringLiteral("no entry %1").arg(index)};
    const Entry& entry = m_entries[index];
    auto fail = [&](const QString& why) { return Error {QStringLiteral("%1: %2").arg(entry.name, why)}; };
    if (entry.flags & kEncrypted)
        return fail(QStringLiteral("encrypted, which is not supported"));
    if (entry.method != kStored && entry.method != kDeflated)
        return fail(QStringLiteral("compression method %1, which is not supported (only stored and deflate)")
                        .arg(entry.method));
    if (entry.size > maxEntryBytes)
        return fail(QStringLiteral("declares %1 bytes uncompressed, more than the %2 bytes allowed here")
                        .arg(entry.size)
                        .arg(maxEntryBytes));
    if (m_totalRead + entry.size > m_maxTotal)
        return fail(QStringLiteral("the archive would inflate to more than %1 bytes in all (entries that share "
                                   "their data, or a zip bomb)")
                        .arg(m_maxTotal));
    if (entry.method == kStored && entry.compressedSize != entry.size)
        return fail(QStringLiteral("stored (not compressed) but its sizes differ: %1 and %2 bytes")
                        .arg(entry.compressedSize)
                        .arg(entry.size));

    // The local header repeats the name and has an extra field of its own; the data follows them.
    const qint64 local = entry.localHeaderOffset;
    if (local + kLocalHeaderSize > m_bytes.size())
        return fail(QStringLiteral("its local header at offset %1 lies past the end of the archive").arg(local));
    ByteCursor h(m_bytes.sliced(local, kLocalHeaderSize), local);
    if (h.u32le() != kLocalHeader)
        return fail(QStringLiteral("no local file header at offset %1").arg(local));
    h.skip(22);
    const quint16 nameLength = h.u16le();
    const quint16 extraLength = h.u16le();
    const qint64 dataOffset = local + kLocalHeaderSize + nameLength + extraLength;
    if (dataOffset + entry.compressedSize > m_bytes.size())
        return fail(QStringLiteral("its %1 bytes of data at offset %2 run past the end of the archive")
                        .arg(entry.compressedSize)
                        .arg(dataOffset));
    const QByteArrayView data = m_bytes.sliced(dataOffset, entry.compressedSize);

    QByteArray out;
    if (entry.method == kStored) {
        out = data.toByteArray();
    } else {
        out.resize(entry.size);
        z_stream z {};
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
            return fail(QStringLiteral("zlib could not start inflating"));
        // Inflate in pieces a uInt can count; the output never grows past the declared size.
        qint64 inPos = 0;
        qint64 outPos = 0;
        int status = Z_OK;
        char spare = 0;
        while (status == Z_OK) {
            const qint64 inChunk = std::min<qint64>(data.size() - inPos, UINT_MAX);
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + inPos));
            z.avail_in = static_cast<uInt>(inChunk);
            const bool full = outPos >= out.size();
            // Once the declared size is reached, one more byte of room tells whether the data wants to go on.
            z.next_out = reinterpret_cast<Bytef*>(full ? &spare : out.data() + outPos);
            z.avail_out = full ? 1u : static_cast<uInt>(std::min<qint64>(out.size() - outPos, UINT_MAX));
            const uInt availOut = z.avail_out;
            status = inflate(&z, Z_NO_FLUSH);
            inPos += inChunk - z.avail_in;
            const qint64 produced = availOut - z.avail_out;
            if (full && produced > 0) {
                inflateEnd(&z);
                return fail(QStringLiteral("inflates past its declared %1 bytes (a zip bomb, or a damaged entry)")
                                .arg(entry.size));
            }
            outPos += produced;
            if (status == Z_OK && produced == 0 && inChunk - z.avail_in == 0)
                status = Z_BUF_ERROR; // no progress: the compressed data ended early
        }
        inflateEnd(&z);
        if (status != Z_STREAM_END)
            return fail(QStringLiteral("its compressed data is damaged (%1)")
                            .arg(status == Z_BUF_ERROR ? QStringLiteral("it ends early")
                                                       : QString::fromLatin1(z.msg ? z.msg : "inflate failed")));
        if (outPos != entry.size)
            return fail(QStringLiteral("inflates to %1 bytes, not the %2 it declares").arg(outPos).arg(entry.size));
    }
    const quint32 crc = static_cast<quint32>(crc32(0L, reinterpret_cast<const Bytef*>(out.constData()), 0));
    quint32 actual = crc;
    for (qint64 at = 0; at < out.size(); at += UINT_MAX) {
        const qint64 n = std::min<qint64>(out.size() - at, UINT_MAX);
        actual = static_cast<quint32>(
            crc32(actual, reinterpret_cast<const Bytef*>(out.constData() + at), static_cast<uInt>(n)));
    }
    if (actual != entry.crc)
        return fail(QStringLiteral("CRC-32 0x%1 does not match the 0x%2 the directory records (damaged)")
                        .arg(actual, 8, 16, QLatin1Char('0'))
                        .arg(entry.crc, 8, 16, QLatin1Char('0')));
    m_totalRead += out.size();
    return out;
}

} // namespace rpcscope
