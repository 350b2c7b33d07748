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

} // namespace javatype
} // namespace rpcscope
