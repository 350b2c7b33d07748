#include "protocolactions.h"

#include "intercept/jrmpactions.h"
#include "intercept/pyro4actions.h"
#include "intercept/xmlrpcactions.h"

namespace rpcscope {

Result<Answer> ProtocolActions::replay(const FramedRequest& request, const RecordedAnswer& answer) const
{
    if (answer.fault || answer.status == CallStatus::Fault || answer.status == CallStatus::Exception)
        return fault(request, answer.fault.value_or(RpcFault {}));
    return reply(request, answer.result);
}

const ProtocolActions* ProtocolActions::forProtocol(QStringView id)
{
    // Stateless: one instance of each serves every connection. A Pyro5 class goes here next to Pyro4's.
    static const XmlRpcActions xmlrpc;
    static const Pyro4Actions pyro4;
    static const JrmpActions jrmp;
    for (const ProtocolActions* actions : std::initializer_list<const ProtocolActions*> {&xmlrpc, &pyro4, &jrmp}) {
        if (actions->protocol() == id)
            return actions;
    }
    return nullptr;
}

} // namespace rpcscope
