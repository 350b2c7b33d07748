#pragma once

#include "javamethodtable.h"
#include "javaobjects.h"
#include "objectnames.h"
#include "protocoldecoder.h"
#include "rmiobjid.h"

#include <QByteArrayView>

#include <optional>
#include <vector>

namespace rpcscope {

/// Java RMI objects by name: what a message teaches about the objects it carries stubs of (ObjectFact), and how a
/// call names the object it addresses from what the session learned (ObjectNames).
namespace rminames {

/// Stubs of one message turned into facts, at most this many (a message of a million stubs names a million objects;
/// the first ones are enough to read the session by).
constexpr int kMaxFactsPerMessage = 64;

/// What the session knew of `target` when the message was sent; nullopt for well-known objects and unknown ones.
std::optional<ObjectNames::Entry> known(const RmiObjId& target, const DecodeContext& context);
/// The text a call shows as its object: "GreetingMaker (Greeting)" when the session knows it, else
/// RmiObjId::toString() ("registry", "dgc", "d3f2c457807d2f6a@29bc972b:1a241cab06b:8001").
QString objectText(const RmiObjId& target, const DecodeContext& context);

/// The remote interfaces stub object `object` stands for: a dynamic proxy's interfaces; for an rmic stub (a
/// java.rmi.server.RemoteStub) the interface of a JDK stub, the interfaces `user` gives its class (a classpath),
/// or else the stub class itself. Empty if `object` is not a stub.
QStringList stubInterfaces(const JavaStream& stream, int object, const JavaMethodTable* user);

/// Appends a fact for each stub in `stream` whose remote reference can be read (up to kMaxFactsPerMessage). The
/// stub `namedObject` (a node id, -1 for none) gets `name` and `source`: the object a registry lookup returned or a
/// bind/rebind gave.
void collectFacts(const JavaStream& stream, QByteArrayView bytes, const JavaMethodTable* user, int namedObject,
                  const QString& name, const QString& source, std::vector<ObjectFact>& out);

} // namespace rminames
} // namespace rpcscope
