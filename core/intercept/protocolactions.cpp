#include "protocolactions.h"

#include "intercept/jrmpactions.h"
#include "intercept/pyroactions.h"
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
    // Stateless: one instance of each serves every connection.
    static const XmlRpcActions xmlrpc;
    static const PyroActions pyro4(4);
    static const PyroActions pyro5(5);
    static const JrmpActions jrmp;
    for (const ProtocolActions* actions :
         std::initializer_list<const ProtocolActions*> {&xmlrpc, &pyro4, &pyro5, &jrmp}) {
        if (actions->protocol() == id)
            return actions;
    }
    return nullptr;
}

} // namespace rpcscope
