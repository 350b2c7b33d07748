#include "rmiobjid.h"

namespace rpcscope {

QString RmiUid::toString() const
{
    return QStringLiteral("%1:%2:%3")
        .arg(static_cast<quint32>(unique), 0, 16)
        .arg(static_cast<quint64>(time), 0, 16)
        .arg(static_cast<quint16>(count), 0, 16);
}

QString RmiObjId::toString() const
{
    if (uid.isZero()) {
        switch (objNum) {
        case 0:
            return QStringLiteral("registry");
        case 1:
            return QStringLiteral("activator");
        case 2:
            return QStringLiteral("dgc");
        default:
            break;
        }
    }
    return QStringLiteral("%1@%2").arg(static_cast<quint64>(objNum), 16, 16, QLatin1Char('0')).arg(uid.toString());
}

} // namespace rpcscope
