#pragma once

#include "result.h"
#include "rpcvalue.h"

#include <QByteArray>
#include <QString>

namespace rpcscope {

/// Writes JRMP Return messages in a server's place (Java RMI spec §10.2.2 over Java Object Serialization, spec ch.
/// 6): `51`, a fresh stream `AC ED 00 05`, a block with the return type and a UID, then the value.
///
/// Exceptions are written for the JDK classes whose serialized form is known here (their serialVersionUID and
/// class chain, as `serialver` prints them for JDK 17): Throwable's fields with the detail message, no cause, no
/// stack trace and no suppressed exceptions, which Throwable.readObject accepts (an empty stack trace). Any other
/// class would need its serialVersionUID and fields, so it is refused with the list of known ones.
class JavaReturnWriter
{
public:
    /// The exception return for `className` (a JDK class; a name without a package is looked up in java.lang,
    /// java.io, java.rmi and java.util) with `message`, or why it cannot be written.
    static Result<QByteArray> exceptionReturn(const QString& className, const QString& message);
    /// A normal return of a value that needs no method signature to write: a String or null. Other values are
    /// refused (a number could be an int in the block or an Integer object: the wire does not say which).
    static Result<QByteArray> valueReturn(const RpcValue& value);
    /// The fully qualified name of a known exception class, or empty.
    static QString knownException(const QString& className);
    /// The known classes, for messages.
    static QStringList knownExceptions();
};

} // namespace rpcscope
