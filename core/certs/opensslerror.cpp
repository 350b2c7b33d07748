#include "opensslerror.h"

#include <QStringList>

#include <openssl/err.h>

namespace rpcscope {

QString takeOpenSslErrors()
{
    QStringList parts;
    while (const unsigned long code = ERR_get_error()) {
        // The reason alone ("certificate verify failed") reads better than the full "error:0A000086:SSL
        // routines::..." line; the library name is kept when there is no reason string.
        const char* reason = ERR_reason_error_string(code);
        QString text = reason
            ? QString::fromLatin1(reason)
            : QStringLiteral("%1 error %2")
                  .arg(QString::fromLatin1(ERR_lib_error_string(code) ? ERR_lib_error_string(code) : "OpenSSL"))
                  .arg(ERR_GET_REASON(code));
        if (!parts.contains(text))
            parts << text;
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace rpcscope
