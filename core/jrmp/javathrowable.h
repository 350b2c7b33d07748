#pragma once

#include "javaobjects.h"

#include <QByteArrayView>
#include <QString>

namespace rpcscope {

/// What a serialized java.lang.Throwable says: its class, detail message and stack trace.
struct JavaThrowableInfo
{
    QString className;
    QString message;
    /// The trace as Java's printStackTrace writes it: "Class: message", "\tat Frame(File.java:12)" lines, and
    /// "Caused by: ..." for each cause.
    QString stackTrace;
};

namespace javathrowable {

/// Describes the Throwable `object` of `stream` (`bytes` is the parsed buffer). Causes are followed up to a bound
/// and loops end.
JavaThrowableInfo describe(const JavaStream& stream, int object, QByteArrayView bytes);
/// One java.lang.StackTraceElement object as Java's toString() writes it:
/// "[loader/][module@version/]Class.method(File.java:12)".
QString stackFrame(const JavaStream& stream, int element, QByteArrayView bytes);

} // namespace javathrowable
} // namespace rpcscope
