#include "tlssession.h"

#include "tlsciphersuite.h"
#include "tlsrecord.h"

namespace rpcscope::tls {

QString SessionInfo::summary() const
{
    QStringList parts;
    if (version != 0)
        parts << versionName(version);
    if (cipherSuite != 0)
        parts << cipherSuiteName(cipherSuite);
    if (!serverName.isEmpty())
        parts << serverName;
    return parts.join(QStringLiteral(", "));
}

} // namespace rpcscope::tls
