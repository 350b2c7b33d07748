#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope {

/// Reads the files of a jar (a ZIP archive, PKWARE APPNOTE 6.3): a small reader of our own for the end of central
/// directory record, the central directory and the local headers, with stored and deflated entries inflated through
/// zlib. A jar comes from the user's disk and may be damaged or hostile, so everything is bounded and checked:
/// - the archive: at most kMaxArchiveBytes, the directory within the file, at most kMaxEntries entries;
/// - each entry: its data within the file, its name at most kMaxNameBytes, at most `maxEntryBytes` inflated (the
///   size it declares is checked before inflating, and inflating stops at it, so a zip bomb costs nothing), its
///   CRC-32 checked;
/// - all entries read from one archive: at most kMaxTotalBytes inflated (overlapping entries that share one
///   compressed block cannot multiply it).
/// Errors name the entry and what is wrong: "example/Greeting.class: inflates past its declared 412 bytes".
/// ZIP64 archives, encrypted entries and compression methods other than stored and deflate are refused by name.
class JarReader
{
public:
    static constexpr qint64 kMaxArchiveBytes = qint64(1) << 32;
    static constexpr int kMaxEntries = 65535;
    static constexpr int kMaxNameBytes = 4096;
    static constexpr qint64 kMaxTotalBytes = 512 * 1024 * 1024;

    struct Entry
    {
        QString name;
        quint16 method = 0;
        quint16 flags = 0;
        quint32 crc = 0;
        qint64 compressedSize = 0;
        qint64 size = 0;
        qint64 localHeaderOffset = 0;
        bool isDirectory() const { return name.endsWith(QLatin1Char('/')); }
    };

    /// Reads the directory of the archive held in `bytes` (which must stay alive while the reader is used); read()
    /// inflates at most `maxTotalBytes` from it in all.
    static Result<JarReader> open(QByteArrayView bytes, qint64 maxTotalBytes = kMaxTotalBytes);

    const std::vector<Entry>& entries() const { return m_entries; }
    /// The inflated bytes of entry `index`, at most `maxEntryBytes` of them.
    Result<QByteArray> read(std::size_t index, qint64 maxEntryBytes);
    /// Bytes inflated so far from this archive.
    qint64 totalRead() const { return m_totalRead; }

private:
    QByteArrayView m_bytes;
    std::vector<Entry> m_entries;
    qint64 m_totalRead = 0;
    qint64 m_maxTotal = kMaxTotalBytes;
};

} // namespace rpcscope
