#include "javaclassfile.h"

#include "bytecursor.h"
#include "modifiedutf8.h"

namespace rpcscope {

namespace {

enum Tag : quint8 {
    Utf8 = 1,
    Integer = 3,
    Float = 4,
    Long = 5,
    Double = 6,
    Class = 7,
    String = 8,
    FieldRef = 9,
    MethodRef = 10,
    InterfaceMethodRef = 11,
    NameAndType = 12,
    MethodHandle = 15,
    MethodType = 16,
    Dynamic = 17,
    InvokeDynamic = 18,
    Module = 19,
    Package = 20,
};

// Bytes after the tag of each constant kind other than Utf8 (JVM spec §4.4); 0 for tags that do not exist.
int constantSize(quint8 tag)
{
    switch (tag) {
    case Class:
    case String:
    case MethodType:
    case Module:
    case Package:
        return 2;
    case MethodHandle:
        return 3;
    case Integer:
    case Float:
    case FieldRef:
    case MethodRef:
    case InterfaceMethodRef:
    case NameAndType:
    case Dynamic:
    case InvokeDynamic:
        return 4;
    case Long:
    case Double:
        return 8;
    default:
        return 0;
    }
}

QString tagName(quint8 tag)
{
    switch (tag) {
    case 0:
        return QStringLiteral("the unusable slot after a Long or Double");
    case Utf8:
        return QStringLiteral("a Utf8");
    case Class:
        return QStringLiteral("a Class");
    case String:
        return QStringLiteral("a String");
    case NameAndType:
        return QStringLiteral("a NameAndType");
    case MethodRef:
        return QStringLiteral("a Methodref");
    default:
        return QStringLiteral("a constant of tag %1").arg(tag);
    }
}

struct Constant
{
    quint8 tag = 0;
    /// Class: the Utf8 index of its name.
    quint16 ref = 0;
    /// Utf8: the text.
    QString text;
};

class Reader
{
public:
    explicit Reader(QByteArrayView bytes)
        : m_in(bytes)
    { }

    Result<JavaClassFile> read();

private:
    // A short read: says what was being read, where, and how much was missing.
    Error truncated(const QString& what, qint64 need) const
    {
        return Error {QStringLiteral("truncated: %1 needs %2 bytes at offset %3, %4 left")
                          .arg(what)
                          .arg(need)
                          .arg(m_in.pos())
                          .arg(m_in.remaining())};
    }
    bool need(qint64 n) const { return m_in.has(n); }
    Result<QString> utf8(quint16 index, const QString& what) const;
    Result<QString> className(quint16 index, const QString& what) const;
    Status readConstantPool();
    Status skipAttributes(const QString& owner);
    Result<JavaClassFile::Method> readMethod(int number, int count);

    ByteCursor m_in;
    std::vector<Constant> m_pool;
};

Result<QString> Reader::utf8(quint16 index, const QString& what) const
{
    if (index == 0 || index >= m_pool.size())
        return Error {QStringLiteral("%1 refers to constant pool index %2, outside 1..%3")
                          .arg(what)
                          .arg(index)
                          .arg(m_pool.size() - 1)};
    const Constant& c = m_pool[index];
    if (c.tag != Utf8)
        return Error {QStringLiteral("%1 refers to constant pool index %2, which is %3, not a Utf8")
                          .arg(what)
                          .arg(index)
                          .arg(tagName(c.tag))};
    return c.text;
}

Result<QString> Reader::className(quint16 index, const QString& what) const
{
    if (index == 0 || index >= m_pool.size())
        return Error {QStringLiteral("%1 refers to constant pool index %2, outside 1..%3")
                          .arg(what)
                          .arg(index)
                          .arg(m_pool.size() - 1)};
    const Constant& c = m_pool[index];
    if (c.tag != Class)
        return Error {QStringLiteral("%1 refers to constant pool index %2, which is %3, not a Class")
                          .arg(what)
                          .arg(index)
                          .arg(tagName(c.tag))};
    Result<QString> name = utf8(c.ref, QStringLiteral("the Class at constant pool index %1").arg(index));
    if (!name)
        return name;
    if (name->isEmpty())
        return Error {QStringLiteral("%1 names a class with an empty name").arg(what)};
    return QString(*name).replace(QLatin1Char('/'), QLatin1Char('.'));
}

Status Reader::readConstantPool()
{
    if (!need(2))
        return truncated(QStringLiteral("the constant pool count"), 2);
    const quint16 count = m_in.u16be();
    if (count == 0)
        return Error {QStringLiteral("the constant pool count is 0 (it is one more than the number of entries)")};
    // Each entry takes at least 3 bytes: a count larger than the file can hold is refused before allocating.
    if (qint64(count - 1) * 3 > m_in.remaining())
        return Error {QStringLiteral("the constant pool claims %1 entries, more than the %2 bytes left can hold")
                          .arg(count - 1)
                          .arg(m_in.remaining())};
    m_pool.resize(count);
    for (int i = 1; i < count; ++i) {
        const QString what = QStringLiteral("the constant pool entry %1 of %2").arg(i).arg(count - 1);
        if (!need(1))
            return truncated(what, 1);
        const quint8 tag = m_in.u8();
        Constant& c = m_pool[static_cast<std::size_t>(i)];
        c.tag = tag;
        if (tag == Utf8) {
            if (!need(2))
                return truncated(what, 2);
            const quint16 length = m_in.u16be();
            if (!need(length))
                return truncated(what, length);
            bool ok = true;
            c.text = modifiedutf8::decode(m_in.bytes(length), &ok);
            if (!ok)
                return Error {QStringLiteral("%1 is not valid modified UTF-8").arg(what)};
            continue;
        }
        const int size = constantSize(tag);
        if (size == 0)
            return Error {
                QStringLiteral("%1 has the unknown tag %2 at offset %3").arg(what).arg(tag).arg(m_in.pos() - 1)};
        if (!need(size))
            return truncated(what, size);
        if (tag == Class)
            c.ref = m_in.u16be();
        else
            m_in.skip(size);
        if (tag == Long || tag == Double) {
            // An eight-byte constant takes two entries (JVM spec §4.4.5); the second is unusable.
            ++i;
            if (i >= count)
                return Error {QStringLiteral("%1 is a Long or Double in the last slot, which needs two").arg(what)};
        }
    }
    return Done {};
}

Status Reader::skipAttributes(const QString& owner)
{
    if (!need(2))
        return truncated(QStringLiteral("the attribute count of %1").arg(owner), 2);
    const quint16 count = m_in.u16be();
    for (int i = 0; i < count; ++i) {
        const QString what = QStringLiteral("attribute %1 of %2 of %3").arg(i + 1).arg(count).arg(owner);
        if (!need(6))
            return truncated(what, 6);
        m_in.skip(2);
        const quint32 length = m_in.u32be();
        if (!need(length))
            return truncated(what, length);
        m_in.skip(length);
    }
    return Done {};
}

Result<JavaClassFile::Method> Reader::readMethod(int number, int count)
{
    const QString what = QStringLiteral("method %1 of %2").arg(number).arg(count);
    if (!need(8))
        return truncated(what, 8);
    JavaClassFile::Method m;
    m.accessFlags = m_in.u16be();
    const quint16 nameIndex = m_in.u16be();
    const quint16 descriptorIndex = m_in.u16be();
    Result<QString> name = utf8(nameIndex, QStringLiteral("the name of %1").arg(what));
    if (!name)
        return Error {name.error()};
    m.name = *name;
    Result<QString> descriptor = utf8(descriptorIndex, QStringLiteral("the descriptor of %1 (%2)").arg(what, m.name));
    if (!descriptor)
        return Error {descriptor.error()};
    m.descriptor = *descriptor;
    const quint16 attributes = m_in.u16be();
    for (int i = 0; i < attributes; ++i) {
        const QString attribute
            = QStringLiteral("attribute %1 of %2 of %3 (%4)").arg(i + 1).arg(attributes).arg(what, m.name);
        if (!need(6))
            return truncated(attribute, 6);
        const quint16 attributeName = m_in.u16be();
        const quint32 length = m_in.u32be();
        if (!need(length))
            return truncated(attribute, length);
        Result<QString> kind = utf8(attributeName, QStringLiteral("the name of %1").arg(attribute));
        if (!kind)
            return Error {kind.error()};
        ByteCursor body(m_in.bytes(length), m_in.pos() - length);
        if (*kind != QLatin1String("Exceptions"))
            continue;
        const quint16 exceptions = body.u16be();
        if (body.failed() || body.remaining() != qsizetype(exceptions) * 2)
            return Error {QStringLiteral("the Exceptions attribute of %1 (%2) is %3 bytes long, which does not fit "
                                         "its count of %4")
                              .arg(what, m.name)
                              .arg(length)
                              .arg(exceptions)};
        for (int e = 0; e < exceptions; ++e) {
            Result<QString> exception
                = className(body.u16be(), QStringLiteral("exception %1 of %2 (%3)").arg(e + 1).arg(what, m.name));
            if (!exception)
                return Error {exception.error()};
            m.exceptions << *exception;
        }
    }
    return m;
}

Result<JavaClassFile> Reader::read()
{
    JavaClassFile cf;
    if (m_in.remaining() > JavaClassFile::kMaxBytes)
        return Error {QStringLiteral("%1 bytes, more than the %2 bytes a class file may have here")
                          .arg(m_in.remaining())
                          .arg(JavaClassFile::kMaxBytes)};
    if (!need(4))
        return truncated(QStringLiteral("the magic number 0xCAFEBABE"), 4);
    const quint32 magic = m_in.u32be();
    if (magic != 0xCAFEBABE)
        return Error {QStringLiteral("not a class file: it starts with 0x%1, not the magic number 0xCAFEBABE")
                          .arg(magic, 8, 16, QLatin1Char('0'))};
    if (!need(4))
        return truncated(QStringLiteral("the version"), 4);
    cf.minorVersion = m_in.u16be();
    cf.majorVersion = m_in.u16be();
    if (cf.majorVersion < 45)
        return Error {QStringLiteral("class file version %1.%2 is older than any JDK wrote (45 is JDK 1.1)")
                          .arg(cf.majorVersion)
                          .arg(cf.minorVersion)};
    if (Status pool = readConstantPool(); !pool)
        return Error {pool.error()};
    if (!need(8))
        return truncated(QStringLiteral("the access flags, this_class, super_class and interface count"), 8);
    cf.accessFlags = m_in.u16be();
    const quint16 thisClass = m_in.u16be();
    const quint16 superClass = m_in.u16be();
    const bool module = cf.accessFlags & JavaClassFile::kAccModule;
    if (!module) {
        Result<QString> name = className(thisClass, QStringLiteral("this_class"));
        if (!name)
            return Error {name.error()};
        cf.name = *name;
        if (superClass != 0) {
            Result<QString> super = className(superClass, QStringLiteral("super_class"));
            if (!super)
                return Error {super.error()};
            cf.superName = *super;
        }
    }
    const quint16 interfaces = m_in.u16be();
    if (!need(qint64(interfaces) * 2))
        return truncated(QStringLiteral("the %1 interfaces").arg(interfaces), qint64(interfaces) * 2);
    for (int i = 0; i < interfaces; ++i) {
        Result<QString> name = className(m_in.u16be(), QStringLiteral("interface %1 of %2").arg(i + 1).arg(interfaces));
        if (!name)
            return Error {name.error()};
        cf.interfaces << *name;
    }
    if (!need(2))
        return truncated(QStringLiteral("the field count"), 2);
    const quint16 fields = m_in.u16be();
    for (int i = 0; i < fields; ++i) {
        const QString what = QStringLiteral("field %1 of %2").arg(i + 1).arg(fields);
        if (!need(6))
            return truncated(what, 6);
        m_in.skip(6);
        if (Status skipped = skipAttributes(what); !skipped)
            return Error {skipped.error()};
    }
    if (!need(2))
        return truncated(QStringLiteral("the method count"), 2);
    const quint16 methods = m_in.u16be();
    // Each method takes at least 8 bytes.
    if (qint64(methods) * 8 > m_in.remaining())
        return Error {QStringLiteral("the class claims %1 methods, more than the %2 bytes left can hold")
                          .arg(methods)
                          .arg(m_in.remaining())};
    cf.methods.reserve(methods);
    for (int i = 0; i < methods; ++i) {
        Result<JavaClassFile::Method> m = readMethod(i + 1, methods);
        if (!m)
            return Error {m.error()};
        cf.methods.push_back(std::move(*m));
    }
    if (Status skipped = skipAttributes(QStringLiteral("the class")); !skipped)
        return Error {skipped.error()};
    if (!m_in.atEnd())
        return Error {
            QStringLiteral("%1 bytes after the end of the class at offset %2").arg(m_in.remaining()).arg(m_in.pos())};
    return cf;
}

} // namespace

Result<JavaClassFile> JavaClassFile::parse(QByteArrayView bytes)
{
    return Reader(bytes).read();
}

} // namespace rpcscope
