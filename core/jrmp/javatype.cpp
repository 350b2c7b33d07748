#include "javatype.h"

#include <cstring>

namespace rpcscope {

JavaType JavaType::fromDescriptor(const QString& descriptor)
{
    return JavaType {descriptor, javatype::sourceName(descriptor)};
}

namespace javatype {

int primitiveSize(char code)
{
    switch (code) {
    case 'B':
    case 'Z':
        return 1;
    case 'C':
    case 'S':
        return 2;
    case 'I':
    case 'F':
        return 4;
    case 'J':
    case 'D':
        return 8;
    default:
        return 0;
    }
}

bool isPrimitiveCode(char code)
{
    return primitiveSize(code) > 0;
}

QString primitiveName(char code)
{
    switch (code) {
    case 'B':
        return QStringLiteral("byte");
    case 'C':
        return QStringLiteral("char");
    case 'D':
        return QStringLiteral("double");
    case 'F':
        return QStringLiteral("float");
    case 'I':
        return QStringLiteral("int");
    case 'J':
        return QStringLiteral("long");
    case 'S':
        return QStringLiteral("short");
    case 'Z':
        return QStringLiteral("boolean");
    case 'V':
        return QStringLiteral("void");
    default:
        return {};
    }
}

namespace {
quint64 bigEndian(QByteArrayView bytes)
{
    quint64 v = 0;
    for (char c : bytes)
        v = (v << 8) | static_cast<quint8>(c);
    return v;
}
} // namespace

RpcValue primitiveValue(char code, QByteArrayView bytes)
{
    if (bytes.size() != primitiveSize(code))
        return {};
    const quint64 raw = bigEndian(bytes);
    switch (code) {
    case 'B':
        return RpcValue::fromInt(static_cast<qint8>(raw));
    case 'S':
        return RpcValue::fromInt(static_cast<qint16>(raw));
    case 'I':
        return RpcValue::fromInt(static_cast<qint32>(raw));
    case 'J':
        return RpcValue::fromInt(static_cast<qint64>(raw));
    case 'Z':
        return RpcValue::fromBool(raw != 0);
    case 'C':
        return RpcValue::fromString(QString(QChar(static_cast<char16_t>(raw))));
    case 'F': {
        const quint32 bits = static_cast<quint32>(raw);
        float f;
        std::memcpy(&f, &bits, sizeof f);
        RpcValue v = RpcValue::fromDouble(f);
        v.setTag(QStringLiteral("float"));
        return v;
    }
    case 'D': {
        double d;
        std::memcpy(&d, &raw, sizeof d);
        return RpcValue::fromDouble(d);
    }
    default:
        return {};
    }
}

QString primitiveText(char code, QByteArrayView bytes)
{
    const RpcValue v = primitiveValue(code, bytes);
    switch (code) {
    case 'C': {
        const QString s = v.toString();
        const char16_t c = s.isEmpty() ? 0 : s.at(0).unicode();
        if (c >= 0x20 && c < 0x7F)
            return QStringLiteral("'%1'").arg(s);
        return QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')).toUpper();
    }
    case 'Z':
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case 'F':
    case 'D':
        return QString::fromLatin1(formatDouble(v.toDouble(), code == 'F'));
    default:
        return QString::number(v.toInt());
    }
}

QString sourceName(QStringView text)
{
    int dims = 0;
    while (dims < text.size() && text.at(dims) == QLatin1Char('['))
        ++dims;
    QStringView base = text.mid(dims);
    QString name;
    if (base.size() == 1
        && (dims > 0 || isPrimitiveCode(static_cast<char>(base.at(0).unicode())) || base.at(0) == QLatin1Char('V'))) {
        name = primitiveName(static_cast<char>(base.at(0).unicode()));
    } else if (base.startsWith(QLatin1Char('L')) && base.endsWith(QLatin1Char(';'))) {
        name = base.mid(1, base.size() - 2).toString();
    } else {
        name = base.toString();
    }
    if (name.isEmpty())
        name = base.toString();
    name.replace(QLatin1Char('/'), QLatin1Char('.'));
    for (int i = 0; i < dims; ++i)
        name += QLatin1String("[]");
    return name;
}

namespace {
// Length of the field descriptor at the start of `text`, 0 if there is none.
qsizetype fieldDescriptorLength(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i) == QLatin1Char('['))
        ++i;
    if (i > 255 || i >= text.size())
        return 0;
    const QChar c = text.at(i);
    if (c != QLatin1Char('L'))
        return isPrimitiveCode(static_cast<char>(c.unicode())) ? i + 1 : 0;
    const qsizetype end = text.indexOf(QLatin1Char(';'), i + 1);
    if (end < 0)
        return 0;
    // A binary class name: parts separated by '/', none empty, none holding '.', '[' or ';' (JVM spec §4.2.1).
    const QStringView name = text.sliced(i + 1, end - i - 1);
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.endsWith(QLatin1Char('/'))
        || name.contains(QLatin1String("//")))
        return 0;
    for (QChar ch : name) {
        if (ch == QLatin1Char('.') || ch == QLatin1Char('['))
            return 0;
    }
    return end + 1;
}
} // namespace

bool isFieldDescriptor(QStringView text)
{
    return !text.isEmpty() && fieldDescriptorLength(text) == text.size();
}

bool splitMethodDescriptor(QStringView descriptor, std::vector<QString>& params, QString& returnType)
{
    params.clear();
    if (!descriptor.startsWith(QLatin1Char('(')))
        return false;
    qsizetype at = 1;
    while (at < descriptor.size() && descriptor.at(at) != QLatin1Char(')')) {
        const qsizetype n = fieldDescriptorLength(descriptor.sliced(at));
        if (n == 0)
            return false;
        params.push_back(descriptor.sliced(at, n).toString());
        at += n;
    }
    if (at >= descriptor.size())
        return false;
    const QStringView ret = descriptor.sliced(at + 1);
    if (ret != QLatin1String("V") && !isFieldDescriptor(ret))
        return false;
    returnType = ret.toString();
    return true;
}

} // namespace javatype
} // namespace rpcscope
