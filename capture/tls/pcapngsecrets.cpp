#include "pcapngsecrets.h"

#include <QFile>
#include <QFileInfo>
#include <QtEndian>

namespace rpcscope {

namespace {
constexpr quint32 kSectionHeaderBlock = 0x0A0D0D0A;
constexpr quint32 kDecryptionSecretsBlock = 0x0000000A;
constexpr quint32 kTlsKeyLog = 0x544C534B; // "TLSK"
constexpr quint32 kByteOrderMagic = 0x1A2B3C4D;
// Key-log text taken from one file at most: far more than any real secrets block.
constexpr qint64 kMaxSecretsBytes = 64 * 1024 * 1024;
} // namespace

std::vector<QByteArray> readPcapngTlsSecrets(const QString& path)
{
    std::vector<QByteArray> texts;
    if (path == QLatin1String("-") || !QFileInfo(path).isFile())
        return texts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < 12)
        return texts;
    const uchar* data = file.map(0, file.size());
    if (!data)
        return texts;
    const qint64 size = file.size();
    if (qFromLittleEndian<quint32>(data) != kSectionHeaderBlock)
        return texts; // a pcap file (or no capture): no secrets blocks
    bool little = true;
    qint64 taken = 0;
    auto u32 = [&](qint64 at) {
        return little ? qFromLittleEndian<quint32>(data + at) : qFromBigEndian<quint32>(data + at);
    };
    for (qint64 at = 0; at + 12 <= size;) {
        const quint32 type = qFromLittleEndian<quint32>(data + at); // the SHB type reads the same both ways
        if (type == kSectionHeaderBlock) {
            const quint32 magic = qFromLittleEndian<quint32>(data + at + 8);
            if (magic == kByteOrderMagic)
                little = true;
            else if (qFromBigEndian<quint32>(data + at + 8) == kByteOrderMagic)
                little = false;
            else
                break;
        }
        const quint32 length = u32(at + 4);
        if (length < 12 || length % 4 != 0 || at + length > size)
            break;
        if (u32(at) == kDecryptionSecretsBlock && length >= 20 && u32(at + 8) == kTlsKeyLog) {
            const quint32 secretsLength = u32(at + 12);
            if (secretsLength <= length - 20 && taken + secretsLength <= kMaxSecretsBytes) {
                texts.emplace_back(reinterpret_cast<const char*>(data + at + 16), secretsLength);
                taken += secretsLength;
            }
        }
        at += length;
    }
    file.unmap(const_cast<uchar*>(data));
    return texts;
}

} // namespace rpcscope
