#pragma once

#include "result.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <vector>

namespace rpcscope {

/// What RpcScope needs of a compiled Java class (JVM spec ch. 4, "The class File Format"): its name, superclass
/// and interfaces, and each method's name, descriptor and declared exceptions. Read by our own parser (no JVM);
/// code, fields' values and other attributes are skipped by their lengths.
///
/// A class file comes from the user's disk or a jar, so it is read as hostile input: every count and length is
/// checked against the bytes present before it is used, constant pool references are checked for range and kind,
/// and a damaged file gives an Error that says what is wrong and at which byte ("truncated: the constant pool entry
/// 12 of 40 needs 2 bytes at offset 96, 1 left"), never a crash.
struct JavaClassFile
{
    /// Largest class file read (real ones are far smaller; the JVM caps each method's code at 64 KiB).
    static constexpr qint64 kMaxBytes = 16 * 1024 * 1024;

    static constexpr quint16 kAccPublic = 0x0001;
    static constexpr quint16 kAccPrivate = 0x0002;
    static constexpr quint16 kAccStatic = 0x0008;
    static constexpr quint16 kAccInterface = 0x0200;
    static constexpr quint16 kAccSynthetic = 0x1000;
    static constexpr quint16 kAccModule = 0x8000;

    struct Method
    {
        quint16 accessFlags = 0;
        QString name;
        /// JVM method descriptor, "(ILjava/lang/String;)V".
        QString descriptor;
        /// Declared exceptions (the Exceptions attribute), binary names with dots: "java.rmi.RemoteException".
        QStringList exceptions;
    };

    quint16 minorVersion = 0;
    quint16 majorVersion = 0;
    quint16 accessFlags = 0;
    /// Binary names with dots: "example.Greeting", "example.Outer$Inner".
    QString name;
    /// Empty for java.lang.Object and module-info.
    QString superName;
    QStringList interfaces;
    std::vector<Method> methods;

    bool isInterface() const { return accessFlags & kAccInterface; }

    /// Parses one class file. The error names what is wrong and where; the caller adds which file it was.
    static Result<JavaClassFile> parse(QByteArrayView bytes);
};

} // namespace rpcscope
