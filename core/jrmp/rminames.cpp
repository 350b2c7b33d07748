#include "rminames.h"

#include "jdkremotemethods.h"
#include "rmiremoteref.h"

namespace rpcscope::rminames {

namespace {
const QString kProtocol = QStringLiteral("jrmp");
} // namespace

std::optional<ObjectNames::Entry> known(const RmiObjId& target, const DecodeContext& context)
{
    const ObjectNames* names = context.objectNames();
    if (!names || target.isWellKnown())
        return std::nullopt;
    return names->find(kProtocol, target.toString(), context.time);
}

QString objectText(const RmiObjId& target, const DecodeContext& context)
{
    if (const auto entry = known(target, context))
        return entry->displayName();
    return target.toString();
}

QStringList stubInterfaces(const JavaStream& stream, int object, const JavaMethodTable* user)
{
    const int id = stream.resolve(object);
    if (!stream.valid(id) || stream.node(id).kind != JavaKind::Object)
        return {};
    const int desc = stream.node(id).desc;
    if (!stream.valid(desc))
        return {};
    if (stream.node(desc).kind == JavaKind::ProxyClassDesc)
        return rmiremoteref::remoteObjectData(stream, id) ? stream.descInfo(desc).interfaces : QStringList();
    if (!stream.isInstanceOf(id, u"java.rmi.server.RemoteStub"))
        return {};
    const QString cls = stream.className(desc);
    if (const QString jdk = jdkremotemethods::interfaceOfStub(cls); !jdk.isEmpty())
        return {jdk};
    if (user) {
        if (const QStringList fromClasspath = user->remoteInterfacesOf(cls); !fromClasspath.isEmpty())
            return fromClasspath;
    }
    return {cls};
}

void collectFacts(const JavaStream& stream, QByteArrayView bytes, const JavaMethodTable* user, int namedObject,
                  const QString& name, const QString& source, std::vector<ObjectFact>& out)
{
    const int named = namedObject >= 0 ? stream.resolve(namedObject) : -1;
    int facts = 0;
    // The named stub first, so that the bound of facts per message never leaves it out.
    auto add = [&](int id, bool isNamed) {
        const QStringList interfaces = stubInterfaces(stream, id, user);
        if (interfaces.isEmpty())
            return;
        const JavaClassData* ro = rmiremoteref::remoteObjectData(stream, id);
        if (!ro)
            return;
        const RmiRemoteRef ref = rmiremoteref::read(stream, *ro, bytes);
        if (!ref.complete || ref.objId.isWellKnown())
            return;
        ObjectFact fact;
        fact.key = ref.objId.toString();
        fact.interfaces = interfaces;
        if (isNamed) {
            fact.name = name;
            fact.source = source;
        }
        out.push_back(std::move(fact));
        ++facts;
    };
    if (stream.valid(named))
        add(named, true);
    for (int id = 0; id < static_cast<int>(stream.nodes.size()) && facts < kMaxFactsPerMessage; ++id) {
        if (id != named && stream.node(id).kind == JavaKind::Object)
            add(id, false);
    }
}

} // namespace rpcscope::rminames
