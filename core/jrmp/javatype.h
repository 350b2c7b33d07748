#pragma once

#include "rpcvalue.h"

#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope {

/// A Java type as a JVM descriptor ("I", "Ljava/lang/String;", "[J", "V") with its source-level name.
struct JavaType
{
    QString descriptor;
    /// As a Java programmer writes it: "int", "java.lang.String", "long[]", "void".
    QString name;

    bool isVoid() const { return descriptor == QLatin1String("V"); }
    bool isPrimitive() const { return descriptor.size() == 1 && !isVoid(); }
    /// The primitive type code (B C D F I J S Z), 'V' for void, 'L' or '[' for references.
    char code() const { return descriptor.isEmpty() ? 0 : static_cast<char>(descriptor.at(0).unicode()); }
    bool operator==(const JavaType&) const = default;

    /// The type for a descriptor; `name` is derived from it.
    static JavaType fromDescriptor(const QString& descriptor);
};

namespace javatype {

/// Bytes a primitive of type `code` takes on the wire (B 1, C 2, D 8, F 4, I 4, J 8, S 2, Z 1); 0 for others.
int primitiveSize(char code);
/// "int", "long", ... for a primitive type code; empty for others.
QString primitiveName(char code);
bool isPrimitiveCode(char code);
/// A primitive read from big-endian `bytes` (exactly primitiveSize(code) of them): integers as int, double as double,
/// float as a double tagged "float" (shown as the shortest float text), boolean as bool, char as a one-character
/// string (a lone surrogate stays one).
RpcValue primitiveValue(char code, QByteArrayView bytes);
/// The value as text for trees: "42", "true", "'x'", "1.5" (floating point as formatDouble writes it, "2.0", "NaN").
QString primitiveText(char code, QByteArrayView bytes);
/// A descriptor or a serialization class name as Java source text: "Ljava/lang/String;" and "java.lang.String"
/// give "java.lang.String"; "[I" and "[[Ljava.lang.Object;" give "int[]" and "java.lang.Object[][]".
QString sourceName(QStringView descriptorOrClassName);
/// True if `text` is exactly one JVM field descriptor ("I", "[J", "Ljava/lang/String;"): at most 255 array
/// dimensions, class names of non-empty parts separated by '/' without the characters `. ; [` (JVM spec §4.2.2).
bool isFieldDescriptor(QStringView text);
/// Splits a JVM method descriptor "(I[Ljava/lang/String;)V" into its parameter and return descriptors; false if it
/// is not one (JVM spec §4.3.3).
bool splitMethodDescriptor(QStringView descriptor, std::vector<QString>& params, QString& returnType);

} // namespace javatype
} // namespace rpcscope
