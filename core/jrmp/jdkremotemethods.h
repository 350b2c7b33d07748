#pragma once

#include "javamethodtable.h"

namespace rpcscope {

/// The remote methods of the JDK's own remote interfaces, built in so that they read by name with no flags:
/// java.rmi.registry.Registry, java.rmi.dgc.DGC, java.rmi.activation (Activator, ActivationSystem,
/// ActivationMonitor, ActivationInstantiator) and JMX over RMI (javax.management.remote.rmi.RMIServer and
/// RMIConnection). The table (jdkremotemethodtable.inc) is generated from the JDK 17 interfaces by
/// core/jrmp/jdkmethods/generate.sh.
namespace jdkremotemethods {

/// Every built-in method, found by its JDK 1.2 method hash.
const JavaMethodTable& table();
/// The remote interface a JDK stub class stands for: "javax.management.remote.rmi.RMIConnectionImpl_Stub" gives
/// "javax.management.remote.rmi.RMIConnection"; empty for other classes.
QString interfaceOfStub(const QString& stubClass);

} // namespace jdkremotemethods
} // namespace rpcscope
