#pragma once
// Test helper: splits a classic pcap file (as tcpdump writes it, little-endian, any timestamp precision) into its
// file header and packet records, so that tests can feed a real capture record by record, reorder or repeat its
// packets, or cut it.

#include <QByteArray>
#include <QtEndian>

#include <vector>

namespace rpcscope::test {

struct PcapRecords
{
    QByteArray fileHeader;
    /// Each record whole: its 16-byte header and the captured bytes.
    std::vector<QByteArray> records;

    /// Empty records when `file` is not a little-endian classic pcap or a record runs past the end.
    static PcapRecords split(const QByteArray& file)
    {
        PcapRecords out;
        if (file.size() < 24)
            return out;
        const quint32 magic = qFromLittleEndian<quint32>(file.constData());
        if (magic != 0xA1B2C3D4u && magic != 0xA1B23C4Du)
            return out;
        out.fileHeader = file.left(24);
        qsizetype at = 24;
        while (at + 16 <= file.size()) {
            const quint32 captured = qFromLittleEndian<quint32>(file.constData() + at + 8);
            if (at + 16 + qsizetype(captured) > file.size())
                return {};
            out.records.push_back(file.mid(at, 16 + captured));
            at += 16 + captured;
        }
        return out;
    }

    /// The file made of the header and the records at `order` (indexes, repeats allowed).
    QByteArray join(const std::vector<int>& order) const
    {
        QByteArray file = fileHeader;
        for (int i : order)
            file += records.at(i);
        return file;
    }
    QByteArray join() const
    {
        QByteArray file = fileHeader;
        for (const QByteArray& r : records)
            file += r;
        return file;
    }
};

} // namespace rpcscope::test
