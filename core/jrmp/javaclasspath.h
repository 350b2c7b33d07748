#pragma once

#include "javamethodtable.h"
#include "result.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace rpcscope {

/// Remote interfaces read from compiled classes (`rpcscope-cli decode --java-classpath DIR|JAR[:...]`, the GUI's
/// Java classpath preference): folders of .class files and jars are read with our own class-file parser and jar
/// reader (no JVM), and every method of every remote interface (one that extends java.rmi.Remote, directly or
/// through interfaces on the classpath) goes into a JavaMethodTable under its JDK 1.2 method hash, with its
/// declared parameter and return types. Classes that implement remote interfaces (rmic stubs) are recorded with
/// them, so that a stub of such a class names its interfaces.
///
/// Damaged input is an error that names the file (and the entry of a jar) and what is wrong; nothing is loaded
/// then. Bounded: at most kMaxFiles class files and kMaxFolderDepth levels of folders (symbolic links are not
/// followed), class files of at most JavaClassFile::kMaxBytes, jars as JarReader bounds them.
class JavaClasspath
{
public:
    static constexpr int kMaxFiles = 200000;
    static constexpr int kMaxFolderDepth = 64;

    struct Loaded
    {
        std::shared_ptr<const JavaMethodTable> methods;
        /// Class files read, remote interfaces found among them, and the methods those declare.
        int classes = 0;
        int remoteInterfaces = 0;
        /// One line for the user: "12 classes, 2 remote interfaces, 9 methods from build/classes:app.jar".
        QString summary;
    };

    /// Splits a classpath the way Java does on this system (':' on Unix; ';' on Windows), dropping empty parts.
    static QStringList split(const QString& classpath);
    /// Reads every folder and jar of `entries`.
    static Result<Loaded> load(const QStringList& entries);
};

} // namespace rpcscope
