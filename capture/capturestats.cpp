#include "capturestats.h"

#include <QStringList>

namespace rpcscope {

QString CaptureStats::describeProblems() const
{
    QStringList parts;
    auto count = [](qint64 n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    if (fragments > 0)
        parts << count(fragments, "IP fragment not reassembled", "IP fragments not reassembled");
    if (truncatedPackets > 0) {
        parts << count(truncatedPackets, "packet cut short by the capture's snapshot length",
                       "packets cut short by the capture's snapshot length");
    }
    if (malformedPackets > 0) {
        parts << count(malformedPackets, "malformed packet", "malformed packets")
                + QStringLiteral(" (%1)").arg(lastMalformedReason);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace rpcscope
