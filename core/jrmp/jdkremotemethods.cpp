#include "jdkremotemethods.h"

namespace rpcscope::jdkremotemethods {

namespace {

struct Entry
{
    const char* interfaceName;
    const char* name;
    const char* descriptor;
    quint64 hash;
};

const Entry kEntries[] = {
#include "jdkremotemethodtable.inc"
};

std::shared_ptr<const JavaMethodTable> build()
{
    std::vector<JavaMethod> methods;
    for (const Entry& e : kEntries) {
        Result<JavaMethod> m = JavaMethodTable::fromDescriptor(
            QString::fromLatin1(e.interfaceName), QString::fromLatin1(e.name), QString::fromLatin1(e.descriptor));
        // The generator checked each hash against the JDK's own computation; ours must agree (tst_jdkremotemethods).
        Q_ASSERT(m.ok() && static_cast<quint64>(m->hash) == e.hash);
        if (m)
            methods.push_back(std::move(*m));
    }
    return JavaMethodTable::fromMethods(std::move(methods));
}

} // namespace

const JavaMethodTable& table()
{
    static const std::shared_ptr<const JavaMethodTable> methods = build();
    return *methods;
}

QString interfaceOfStub(const QString& stubClass)
{
    // The registry's and the DGC's stubs live in sun.* packages; the others are <Interface>Impl_Stub in the
    // interface's package.
    if (stubClass == QLatin1String("sun.rmi.registry.RegistryImpl_Stub"))
        return QStringLiteral("java.rmi.registry.Registry");
    if (stubClass == QLatin1String("sun.rmi.transport.DGCImpl_Stub"))
        return QStringLiteral("java.rmi.dgc.DGC");
    static const QLatin1String suffix("Impl_Stub");
    if (!stubClass.endsWith(suffix))
        return {};
    const QString candidate = stubClass.chopped(suffix.size());
    for (const JavaMethod& m : table().methods()) {
        if (m.declaringClass == candidate)
            return candidate;
    }
    return {};
}

} // namespace rpcscope::jdkremotemethods
