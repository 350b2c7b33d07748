#pragma once

#include "javatype.h"
#include "result.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace rpcscope {

/// One remote method as the user declared it, with the hash RMI puts on the wire for it.
struct JavaMethod
{
    QString name;
    std::vector<JavaType> params;
    JavaType returnType;
    /// JVM method descriptor, e.g. "(II)I".
    QString descriptor;
    /// JDK 1.2 method hash of name + descriptor (see javaMethodHash()).
    qint64 hash = 0;
    /// Normalised source form, e.g. "int add(int, int)".
    QString signature;
    /// Line of the signatures file it came from (0 for built-in tables and class files).
    int line = 0;
    /// The interface that declares it ("javax.management.remote.rmi.RMIConnection"), when known (built-in tables,
    /// class files); empty for signatures files.
    QString declaringClass;
};

/// Java method signatures supplied by the user (`rpcscope-cli decode --java-signatures FILE`), looked up by the
/// method hash of JRMP calls. Lets the decoder name methods and decode primitive arguments and return values,
/// which carry no type information on the wire.
///
/// Format: one signature per line, such as `String getFortune(String)`, `int add(int a, int b)` or
/// `void fail() throws RemoteException;`. java.lang types may be written unqualified (`String`, `Integer`...),
/// other classes fully qualified (`java.util.List`); a name without a package is taken as a class in the default
/// package. Nested classes are written with `$` (`Hello$Mood`). Arrays as `int[]` or varargs `String...`; generic
/// type arguments are erased. Modifiers, parameter names, `throws` clauses and a trailing `;` are ignored. Blank
/// lines and comments (`#` or `//` to the end of the line) are allowed.
class JavaMethodTable
{
public:
    static Result<std::shared_ptr<const JavaMethodTable>> fromFile(const QString& path);
    /// `source` names the text in error messages ("hello.signatures").
    static Result<std::shared_ptr<const JavaMethodTable>>
    fromText(QStringView text, const QString& source = QStringLiteral("signatures"));
    /// Parses one signature (no comment handling).
    static Result<JavaMethod> parseSignature(QStringView signature);
    /// The method `name` with JVM descriptor `descriptor` ("(ILjava/lang/String;)V"), as a class file declares it.
    static Result<JavaMethod> fromDescriptor(const QString& declaringClass, const QString& name,
                                             const QString& descriptor);
    /// A table of `methods`; of two methods with the same hash the first is kept. `classInterfaces` maps classes
    /// (rmic stubs found on a classpath) to the remote interfaces they implement.
    static std::shared_ptr<const JavaMethodTable> fromMethods(std::vector<JavaMethod> methods,
                                                              QHash<QString, QStringList> classInterfaces = {});

    /// The methods of both tables (either may be null); of two with the same hash, `first`'s.
    static std::shared_ptr<const JavaMethodTable> merge(const JavaMethodTable* first, const JavaMethodTable* second);

    /// The method whose hash is `hash`, or nullptr.
    const JavaMethod* find(qint64 hash) const;
    const std::vector<JavaMethod>& methods() const { return m_methods; }
    /// The remote interfaces of class `className` ("example.GreetingMaker_Stub"), if a classpath told them.
    QStringList remoteInterfacesOf(const QString& className) const { return m_classInterfaces.value(className); }
    const QHash<QString, QStringList>& classInterfaces() const { return m_classInterfaces; }

private:
    std::vector<JavaMethod> m_methods;
    QHash<qint64, int> m_byHash;
    QHash<QString, QStringList> m_classInterfaces;
};

} // namespace rpcscope
