#pragma once

// Writes ZIP archives (PKWARE APPNOTE 6.3) for tests: stored or deflated entries (zlib, raw deflate), each field
// overridable so that an archive can be damaged where a test wants it.

#include <QByteArray>
#include <QString>
#include <QtEndian>

#include <zlib.h>

#include <vector>

namespace rpcscope::test {

class ZipBuilder
{
public:
    struct Entry
    {
        QString name;
        QByteArray data;
        quint16 method = 8;
        quint16 flags = 0;
        /// Overrides of what the directory records (-1: the true value).
        qint64 declaredSize = -1;
        qint64 declaredCrc = -1;
        /// Write no data of its own: point at the data of entry `sharesDataOf` (an overlapping-entries bomb).
        int sharesDataOf = -1;
    };

    std::vector<Entry> entries;
    QString comment;
    /// Offsets in the last build().
    qsizetype directoryAt = 0;
    qsizetype endRecordAt = 0;
    std::vector<qsizetype> localHeaderAt;

    static QByteArray deflated(const QByteArray& data)
    {
        z_stream z {};
        deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
        QByteArray out(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(data.size()))), '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
        z.avail_in = static_cast<uInt>(data.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        ::deflate(&z, Z_FINISH);
        out.resize(static_cast<qsizetype>(z.total_out));
        deflateEnd(&z);
        return out;
    }

    QByteArray build()
    {
        QByteArray out;
        struct Written
        {
            qsizetype local;
            quint32 crc, compressed, size;
        };
        std::vector<Written> written;
        localHeaderAt.clear();
        for (const Entry& e : entries) {
            const QByteArray stored = e.method == 8 ? deflated(e.data) : e.data;
            const quint32 crc
                = static_cast<quint32>(e.declaredCrc >= 0 ? e.declaredCrc
                                                          : crc32(0, reinterpret_cast<const Bytef*>(e.data.constData()),
                                                                  static_cast<uInt>(e.data.size())));
            const quint32 size = static_cast<quint32>(e.declaredSize >= 0 ? e.declaredSize : e.data.size());
            if (e.sharesDataOf >= 0) {
                Written w = written[static_cast<std::size_t>(e.sharesDataOf)];
                w.crc = crc;
                w.size = size;
                written.push_back(w);
                localHeaderAt.push_back(w.local);
                continue;
            }
            const QByteArray name = e.name.toUtf8();
            Written w {out.size(), crc, static_cast<quint32>(stored.size()), size};
            localHeaderAt.push_back(out.size());
            u32(out, 0x04034b50);
            u16(out, 20);
            u16(out, e.flags);
            u16(out, e.method);
            u32(out, 0); // time, date
            u32(out, crc);
            u32(out, w.compressed);
            u32(out, size);
            u16(out, static_cast<quint16>(name.size()));
            u16(out, 0);
            out.append(name);
            out.append(stored);
            written.push_back(w);
        }
        directoryAt = out.size();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const Entry& e = entries[i];
            const Written& w = written[i];
            const QByteArray name = e.name.toUtf8();
            u32(out, 0x02014b50);
            u16(out, 20);
            u16(out, 20);
            u16(out, e.flags);
            u16(out, e.method);
            u32(out, 0);
            u32(out, w.crc);
            u32(out, w.compressed);
            u32(out, w.size);
            u16(out, static_cast<quint16>(name.size()));
            u16(out, 0);
            u16(out, 0);
            u16(out, 0);
            u16(out, 0);
            u32(out, 0);
            u32(out, static_cast<quint32>(w.local));
            out.append(name);
        }
        const qsizetype directorySize = out.size() - directoryAt;
        endRecordAt = out.size();
        const QByteArray commentBytes = comment.toUtf8();
        u32(out, 0x06054b50);
        u16(out, 0);
        u16(out, 0);
        u16(out, static_cast<quint16>(entries.size()));
        u16(out, static_cast<quint16>(entries.size()));
        u32(out, static_cast<quint32>(directorySize));
        u32(out, static_cast<quint32>(directoryAt));
        u16(out, static_cast<quint16>(commentBytes.size()));
        out.append(commentBytes);
        return out;
    }

    static void u16(QByteArray& out, quint16 v)
    {
        char b[2];
        qToLittleEndian(v, b);
        out.append(b, 2);
    }
    static void u32(QByteArray& out, quint32 v)
    {
        char b[4];
        qToLittleEndian(v, b);
        out.append(b, 4);
    }
};

} // namespace rpcscope::test
