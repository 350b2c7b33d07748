#pragma once

#include "javamethodtable.h"
#include "rmiobjid.h"

namespace rpcscope {

/// The objects every RMI runtime exports under fixed ObjIDs, and the methods their pre-generated JDK 1.1 stubs
/// call (op = operation index, hash = interface hash).
namespace rmiwellknown {

/// Interface hash of java.rmi.registry.Registry (RegistryImpl_Stub).
constexpr qint64 kRegistryInterfaceHash = 0x44154DC9D4E63BDFLL;
/// Interface hash of java.rmi.dgc.DGC (DGCImpl_Stub).
constexpr qint64 kDgcInterfaceHash = static_cast<qint64>(0xF6B6898D8BF28643ULL);

/// Registry operations in op order: bind, list, lookup, rebind, unbind.
const std::vector<JavaMethod>& registryMethods();
/// DGC operations in op order: clean, dirty.
const std::vector<JavaMethod>& dgcMethods();

/// The method a call invokes on a well-known object: by op and interface hash (JDK 1.1 stubs, what the JDK
/// sends) or by JDK 1.2 method hash (op -1, as third-party clients may send). nullptr if `target` is not a
/// well-known object or the op/hash is not one of its methods.
const JavaMethod* method(const RmiObjId& target, qint32 op, qint64 hash);
/// A line for trees: what the interface hash or method hash of a call means.
QString hashMeaning(const RmiObjId& target, qint32 op, qint64 hash);

} // namespace rmiwellknown
} // namespace rpcscope
