#include "javaobjects.h"

#include "javatype.h"

namespace rpcscope {

namespace javastream {

QString typeCodeName(int byte)
{
    static const char* const names[]
        = {"TC_NULL",          "TC_REFERENCE", "TC_CLASSDESC",  "TC_OBJECT",         "TC_STRING",
           "TC_ARRAY",         "TC_CLASS",     "TC_BLOCKDATA",  "TC_ENDBLOCKDATA",   "TC_RESET",
           "TC_BLOCKDATALONG", "TC_EXCEPTION", "TC_LONGSTRING", "TC_PROXYCLASSDESC", "TC_ENUM"};
    if (isTypeCode(byte))
        return QString::fromLatin1(names[byte - TC_NULL]);
    return QStringLiteral("0x%1").arg(byte & 0xFF, 2, 16, QLatin1Char('0'));
}

QString flagNames(quint8 flags)
{
    QStringList names;
    if (flags & SC_WRITE_METHOD)
        names << QStringLiteral("SC_WRITE_METHOD");
    if (flags & SC_SERIALIZABLE)
        names << QStringLiteral("SC_SERIALIZABLE");
    if (flags & SC_EXTERNALIZABLE)
        names << QStringLiteral("SC_EXTERNALIZABLE");
    if (flags & SC_BLOCK_DATA)
        names << QStringLiteral("SC_BLOCK_DATA");
    if (flags & SC_ENUM)
        names << QStringLiteral("SC_ENUM");
    if (flags & 0xE0)
        names << QStringLiteral("unknown 0x%1").arg(flags & 0xE0, 2, 16, QLatin1Char('0'));
    return names.isEmpty() ? QStringLiteral("none") : names.join(QLatin1String(" | "));
}

} // namespace javastream

int JavaStream::resolve(int id) const
{
    // References are resolved when parsed and point at non-reference nodes, but stay defensive.
    for (int hops = 0; hops < 4 && valid(id); ++hops) {
        const JavaNode& n = node(id);
        if (n.kind != JavaKind::Reference)
            return id;
        id = n.target;
    }
    return -1;
}

std::vector<int> JavaStream::classChain(int desc) const
{
    std::vector<int> chain;
    while (isDesc(desc)) {
        bool seen = false;
        for (int c : chain)
            seen = seen || c == desc;
        if (seen || chain.size() > nodes.size())
            break;
        chain.push_back(desc);
        desc = descInfo(desc).superDesc;
    }
    return {chain.rbegin(), chain.rend()};
}

QString JavaStream::className(int desc) const
{
    if (!valid(desc))
        return {};
    const JavaNode& d = node(desc);
    if (d.kind == JavaKind::ProxyClassDesc)
        return QStringLiteral("Proxy[%1]").arg(descInfo(desc).interfaces.join(QLatin1String(", ")));
    if (d.kind == JavaKind::ClassDesc)
        return d.text;
    return {};
}

QString JavaStream::classOf(int id) const
{
    id = resolve(id);
    if (!valid(id))
        return {};
    const JavaNode& n = node(id);
    switch (n.kind) {
    case JavaKind::String:
        return QStringLiteral("java.lang.String");
    case JavaKind::ClassDesc:
    case JavaKind::ProxyClassDesc:
        return QStringLiteral("java.io.ObjectStreamClass");
    case JavaKind::Class:
        return QStringLiteral("java.lang.Class");
    default:
        break;
    }
    const QString name = className(n.desc);
    return n.kind == JavaKind::Array ? javatype::sourceName(name) : name;
}

QString JavaStream::wireHandleText(qint32 wireHandle)
{
    return QStringLiteral("0x%1").arg(quint32(wireHandle), 6, 16, QLatin1Char('0'));
}

QString JavaStream::handleText(qint32 handle)
{
    if (handle < 0)
        return {};
    return QStringLiteral("0x%1").arg(javastream::kBaseWireHandle + handle, 6, 16, QLatin1Char('0'));
}

const JavaClassData* JavaStream::classDataOf(int object, QStringView className) const
{
    object = resolve(object);
    if (!valid(object) || node(object).kind != JavaKind::Object)
        return nullptr;
    for (const JavaClassData& cd : node(object).classData) {
        if (valid(cd.desc) && node(cd.desc).text == className)
            return &cd;
    }
    return nullptr;
}

bool JavaStream::isInstanceOf(int object, QStringView className) const
{
    return classDataOf(object, className) != nullptr;
}

int JavaStream::fieldValue(int object, QStringView declaringClass, QStringView field) const
{
    const int id = fieldNode(object, declaringClass, field);
    return id < 0 ? -1 : resolve(id);
}

int JavaStream::fieldNode(int object, QStringView declaringClass, QStringView field) const
{
    object = resolve(object);
    if (!valid(object) || node(object).kind != JavaKind::Object)
        return -1;
    for (const JavaClassData& cd : node(object).classData) {
        if (!isDesc(cd.desc))
            continue;
        if (!declaringClass.isEmpty() && node(cd.desc).text != declaringClass)
            continue;
        const std::vector<JavaFieldDesc>& fields = descInfo(cd.desc).fields;
        for (std::size_t i = 0; i < fields.size() && i < cd.values.size(); ++i) {
            if (fields[i].name == field)
                return cd.values[i];
        }
    }
    return -1;
}

} // namespace rpcscope
