#include "rmiwellknown.h"

namespace rpcscope::rmiwellknown {

namespace {
std::vector<JavaMethod> parseAll(std::initializer_list<const char*> signatures)
{
    std::vector<JavaMethod> methods;
    for (const char* s : signatures) {
        Result<JavaMethod> m = JavaMethodTable::parseSignature(QString::fromLatin1(s));
        Q_ASSERT(m.ok());
        if (m)
            methods.push_back(std::move(*m));
    }
    return methods;
}

const std::vector<JavaMethod>* methodsOf(const RmiObjId& target)
{
    if (!target.uid.isZero())
        return nullptr;
    if (target.objNum == 0)
        return &registryMethods();
    if (target.objNum == 2)
        return &dgcMethods();
    return nullptr;
}
} // namespace

const std::vector<JavaMethod>& registryMethods()
{
    static const std::vector<JavaMethod> methods = parseAll({
        "void bind(String, java.rmi.Remote)",
        "String[] list()",
        "java.rmi.Remote lookup(String)",
        "void rebind(String, java.rmi.Remote)",
        "void unbind(String)",
    });
    return methods;
}

const std::vector<JavaMethod>& dgcMethods()
{
    static const std::vector<JavaMethod> methods = parseAll({
        "void clean(java.rmi.server.ObjID[], long, java.rmi.dgc.VMID, boolean)",
        "java.rmi.dgc.Lease dirty(java.rmi.server.ObjID[], long, java.rmi.dgc.Lease)",
    });
    return methods;
}

const JavaMethod* method(const RmiObjId& target, qint32 op, qint64 hash)
{
    const std::vector<JavaMethod>* methods = methodsOf(target);
    if (!methods)
        return nullptr;
    const qint64 interfaceHash = target.objNum == 0 ? kRegistryInterfaceHash : kDgcInterfaceHash;
    if (op >= 0 && op < static_cast<qint32>(methods->size()) && hash == interfaceHash)
        return &(*methods)[static_cast<std::size_t>(op)];
    if (op == -1) {
        for (const JavaMethod& m : *methods) {
            if (m.hash == hash)
                return &m;
        }
    }
    return nullptr;
}

QString hashMeaning(const RmiObjId& target, qint32 op, qint64 hash)
{
    if (op == -1)
        return QStringLiteral("Method hash (JDK 1.2 stubs, op -1): SHA-1 of the method's name and descriptor; it "
                              "names the method.");
    if (target.isWellKnown() && target.objNum == 0 && hash == kRegistryInterfaceHash)
        return QStringLiteral("Interface hash of java.rmi.registry.Registry (JDK 1.1 stub protocol): with the "
                              "operation number it names the method.");
    if (target.isWellKnown() && target.objNum == 2 && hash == kDgcInterfaceHash)
        return QStringLiteral("Interface hash of java.rmi.dgc.DGC (JDK 1.1 stub protocol): with the operation "
                              "number it names the method.");
    return QStringLiteral("Interface hash of the stub (JDK 1.1 stub protocol): with the operation number it "
                          "names the method.");
}

} // namespace rpcscope::rmiwellknown
