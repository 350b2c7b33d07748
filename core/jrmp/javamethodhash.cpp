#include "javamethodhash.h"

#include "modifiedutf8.h"

#include <QCryptographicHash>

namespace rpcscope {

qint64 javaMethodHash(QStringView nameAndDescriptor)
{
    const QByteArray utf = modifiedutf8::encode(nameAndDescriptor);
    QByteArray data;
    data.reserve(utf.size() + 2);
    data.append(static_cast<char>((utf.size() >> 8) & 0xFF));
    data.append(static_cast<char>(utf.size() & 0xFF));
    data.append(utf);
    const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha1);
    quint64 hash = 0;
    for (int i = 0; i < 8; ++i)
        hash |= quint64(static_cast<quint8>(digest[i])) << (8 * i);
    return static_cast<qint64>(hash);
}

QString javaHashHex(qint64 hash)
{
    return QStringLiteral("%1").arg(static_cast<quint64>(hash), 16, 16, QLatin1Char('0'));
}

} // namespace rpcscope
