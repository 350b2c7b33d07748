#pragma once

#include "javaobjects.h"
#include "javascalars.h"

#include <QString>

#include <optional>

namespace rpcscope {

/// JMX over RMI (javax.management.remote.rmi): the classes whose serialized form says less than their value, read
/// so that a JMX session shows what jconsole shows.
namespace jmxvalues {

/// The canonical name of an ObjectName written as `serialized` (ObjectName.getSerializedNameString: the key
/// properties in the order they were given): the domain, then the key properties sorted by key, then ",*" for a
/// property list pattern. "java.lang:type=MemoryPool,name=G1 Old Gen" gives "java.lang:name=G1 Old
/// Gen,type=MemoryPool". Quoted values keep their quotes and escapes. nullopt if `serialized` is not an ObjectName.
std::optional<QString> canonicalObjectName(QStringView serialized);

/// A javax.management.ObjectName object as its canonical name (the serialized name string its writeObject wrote,
/// or the `canonicalName` field of the old compatible form); `note` says how it was written when that differs.
/// Kind None when `id` is no readable ObjectName.
JavaScalar objectName(const JavaStream& stream, int id);

} // namespace jmxvalues
} // namespace rpcscope
