#include "walkthroughtours.h"

#include "callformat.h"
#include "fieldcounterpart.h"

namespace rpcscope {

namespace {

constexpr Direction kRequest = Direction::ClientToServer;
constexpr Direction kResponse = Direction::ServerToClient;

std::vector<Tour> makeTours()
{
    std::vector<Tour> tours;

    Tour wire;
    wire.id = "wire-format";
    wire.title = "XML-RPC and Pyro4, field by field";
    wire.intro = "A guided tour of two calls from the article: XML-RPC add(3, 4) and Pyro4 get_fortune(\"letian\"), "
                 "request and response, field by field. Each step selects a field and its bytes and says what they "
                 "are.";
    wire.calls.push_back({"xmlrpc-add.pcap", "xmlrpc", "add", nullptr, -1, nullptr, {}});
    wire.calls.push_back({"pyro4-greeting.pcap", "pyro4", "get_fortune", nullptr, -1, nullptr, {}});
    tours.push_back(std::move(wire));

    Tour rmi;
    rmi.id = "java-rmi";
    rmi.title = "Java RMI: handshake, registry lookup, a call and its serialized result";
    rmi.intro = "A guided tour of Java RMI (JRMP) on the bundled sample: how a connection starts, how a client asks "
                "the registry for a stub, what the stub holds, how a call names its object and method, and how Java "
                "serialization writes the value that comes back.";
    // 0: the handshake of the connection that carries the lookup (call 1 below).
    rmi.calls.push_back(
        {"jrmp-hello.pcap",
         "jrmp",
         "<handshake>",
         nullptr,
         1,
         "the JRMI handshake",
         {
             {kRequest, "",
              "Before its first call, a Java RMI client opens a TCP connection and sends seven bytes that say it "
              "speaks "
              "JRMP, and how."},
             {kRequest, "magic", "Every JRMP connection starts with the four ASCII bytes “JRMI”."},
             {kRequest, "version", "Then the protocol version, 2 in today's JDKs."},
             {kRequest, "protocol",
              "Then the sub-protocol: 0x4b StreamProtocol keeps the connection open for many calls, each answered "
              "before the next is sent."},
             {kResponse, "",
              "The server agrees with a ProtocolAck. (The client then names its own endpoint, a message of the "
              "connection that belongs to no call.)"},
             {kResponse, "messageType", "0x4e: ProtocolAck, the server accepts the stream protocol."},
             {kResponse, "endpoint",
              "The server tells the client the host and port it sees the client at: a length-prefixed host name and "
              "a 4-byte port."},
         }});
    // 1: the registry lookup and the stub it returns.
    rmi.calls.push_back(
        {"jrmp-hello.pcap",
         "jrmp",
         "lookup",
         "\"Hello\"",
         -1,
         "lookup(\"Hello\")",
         {
             {kRequest, "",
              "The client asks the RMI registry for the object bound to “Hello”. A call is a Call message: one byte, "
              "then a Java serialization stream with the call's header and its arguments."},
             {kRequest, "messageType", "0x50: a Call."},
             {kRequest, "streamMagic",
              "0xACED and version 5 (next field) start every Java serialization stream: what follows is written by "
              "an ObjectOutputStream."},
             {kRequest, "blockData",
              "The call header is written with writeLong, writeInt and friends, so it travels as block data: "
              "TC_BLOCKDATA (0x77), a length, then the raw bytes."},
             {kRequest, "blockData/objID",
              "The ObjID of the object called. An object number of 0 with an all-zero UID is the registry's "
              "well-known ObjID: the one object a client can call without a stub from somewhere else."},
             {kRequest, "blockData/operation",
              "The registry's stub is of the old (JDK 1.1) kind that numbers its methods: 0 bind, 1 list, 2 lookup, "
              "3 rebind, 4 unbind."},
             {kRequest, "blockData/hash",
              "With an operation number comes the interface hash of the stub, so that a client and a server of "
              "different versions of the interface notice."},
             {kRequest, "arg[0]",
              "The argument, the name looked up: TC_STRING (0x74), a 2-byte length and the characters in modified "
              "UTF-8."},
             {kResponse, "",
              "The reply is a ReturnData message: one byte, then a serialization stream with a return header and the "
              "value."},
             {kResponse, "blockData/returnType", "1: a normal return (2 would carry an exception)."},
             {kResponse, "blockData/ackId",
              "A UID the client acknowledges (with a DGC ack on the connection) once it holds the remote references "
              "in the value, so the server's garbage collector keeps the objects alive until then."},
             {kResponse, "returnValue",
              "The value returned is the stub for “Hello”: a serialized dynamic proxy. TC_OBJECT (0x73) says a new "
              "object follows, first its class, then its data."},
             {kResponse, "returnValue/classDesc",
              "TC_PROXYCLASSDESC (0x7d): the class is a dynamic proxy, described by the interfaces it implements, "
              "here one: Hello."},
             {kResponse, "returnValue/classDesc/superClassDesc",
              "TC_CLASSDESC (0x72) for its superclass java.lang.reflect.Proxy: the class name, the serialVersionUID "
              "the reader's class must match, flags, and the serializable fields (one, h)."},
             {kResponse, "returnValue/handle",
              "Every class descriptor and object written gets the next handle, from 0x7e0000 on, so that it can be "
              "referred to again later in the stream without being written twice."},
             {kResponse, "returnValue/java.lang.reflect.Proxy/h",
              "The proxy's field h, its invocation handler: a RemoteObjectInvocationHandler, which turns method "
              "calls on the stub into JRMP calls."},
             {kResponse, "returnValue/java.lang.reflect.Proxy/h/java.rmi.server.RemoteObject/remoteRef",
              "RemoteObject writes the remote reference with its own writeObject, as block data: the reference's "
              "class (UnicastRef), then where the object lives."},
             {kResponse, "returnValue/java.lang.reflect.Proxy/h/java.rmi.server.RemoteObject/remoteRef/endpoint",
              "The host and port that calls on Hello go to: the server exported the object there."},
             {kResponse, "returnValue/java.lang.reflect.Proxy/h/java.rmi.server.RemoteObject/remoteRef/objID",
              "The ObjID that names the object at that endpoint; every call on the stub sends it back."},
         }});
    // 2: a call through the stub, by ObjID and method hash, and the serialized HashMap it returns.
    rmi.calls.push_back(
        {"jrmp-hello.pcap",
         "jrmp",
         "#eb9ddf634ee62670",
         nullptr,
         -1,
         "a call by method hash",
         {
             {kRequest, "blockData/objID",
              "Now the client calls the object itself, on the endpoint from the stub. The header starts with the "
              "ObjID from the stub: the same bytes as in the lookup's reply."},
             {kRequest, "blockData/operation",
              "-1: today's stubs (the dynamic proxies of Java 5 and later) send no operation number; the method "
              "hash that follows names the method."},
             {kRequest, "blockData/hash",
              "The method hash: 64 bits of the SHA-1 of the method's name and descriptor. Without the interface "
              "RpcScope shows the hash (give it the interface with --java-classpath, or its signatures with "
              "--java-signatures, and it names the method)."},
             {kRequest, "arg[0]",
              "The argument, a String[]: TC_ARRAY (0x75), the array's class descriptor [Ljava.lang.String;, the "
              "length, then each element."},
             {kResponse, "returnValue",
              "The method returned a java.util.HashMap. Its serialization shows most of what Java serialization "
              "does."},
             {kResponse, "returnValue/typeCode", "0x73 TC_OBJECT: a new object; its class descriptor comes first."},
             {kResponse, "returnValue/classDesc",
              "TC_CLASSDESC: the class name, the serialVersionUID, flags, the serializable fields, the class "
              "annotation and the superclass's descriptor."},
             {kResponse, "returnValue/classDesc/serialVersionUID",
              "The reader refuses the object unless its own HashMap class has the same serialVersionUID."},
             {kResponse, "returnValue/classDesc/flags",
              "SC_SERIALIZABLE, and SC_WRITE_METHOD: HashMap has its own writeObject, so data of its own follows "
              "its fields."},
             {kResponse, "returnValue/classDesc/fields",
              "The serializable fields by type code and name: F for float loadFactor, I for int threshold."},
             {kResponse, "returnValue/classDesc/classAnnotation",
              "The class annotation (where RMI would put a codebase URL), here empty: TC_NULL, then TC_ENDBLOCKDATA "
              "(0x78)."},
             {kResponse, "returnValue/classDesc/superClassDesc",
              "TC_NULL (0x70): HashMap's superclass is not serializable, so no further descriptor."},
             {kResponse, "returnValue/handle",
              "The object's handle: 0x7e0001, after 0x7e0000 for its class descriptor."},
             {kResponse, "returnValue/java.util.HashMap/loadFactor",
              "The field values follow in the order of the descriptor, as raw bytes: a 4-byte float…"},
             {kResponse, "returnValue/java.util.HashMap/threshold", "…and a 4-byte int."},
             {kResponse, "returnValue/java.util.HashMap/writeObject data/content[0]",
              "Then what HashMap's writeObject wrote: block data with the table's capacity (16) and the number of "
              "entries (3), two ints."},
             {kResponse, "returnValue/java.util.HashMap/writeObject data/content[1]",
              "Then each entry, a key and its value; this key is a String."},
             {kResponse, "returnValue/java.util.HashMap/writeObject data/content[2]",
              "Its value, an Integer: a new class descriptor (with its superclass Number), a handle, and the int "
              "field value."},
             {kResponse, "returnValue/java.util.HashMap/writeObject data/content[4]",
              "TC_REFERENCE (0x71): the value of “hello” is the same Integer object, so the stream refers to its "
              "handle instead of writing it again."},
             {kResponse, "returnValue/java.util.HashMap/writeObject data/content[6]/classDesc",
              "A class descriptor is referred to by handle too: this Integer's class was described before."},
             {kResponse, "returnValue/java.util.HashMap/writeObject data/endBlockData",
              "TC_ENDBLOCKDATA: the end of what writeObject wrote, and of the HashMap."},
         }});
    tours.push_back(std::move(rmi));
    return tours;
}

bool matches(const TourCall& spec, const Call& call)
{
    if (call.protocol != QLatin1String(spec.protocol) || call.method() != QLatin1String(spec.method))
        return false;
    if (!spec.argument)
        return true;
    const RpcArray& params = call.params().toArray();
    return !params.empty() && params.front().toDisplayString(200) == QLatin1String(spec.argument);
}

QString labelOf(const TourCall& spec, const Call& call)
{
    if (spec.label)
        return QString::fromUtf8(spec.label);
    QString label = callSummary(call, 60);
    // "add(3, 4) → 7" → "add(3, 4)": the result is what the response steps show.
    const qsizetype arrow = label.indexOf(QStringLiteral(" → "));
    if (arrow > 0)
        label.truncate(arrow);
    return label;
}

std::vector<int> indexPathOf(const DecodeNode& root, const DecodeNode* node)
{
    std::vector<int> out;
    const std::vector<const DecodeNode*> path = pathTo(root, node);
    for (std::size_t i = 1; i < path.size(); ++i)
        out.push_back(int(path[i] - path[i - 1]->children.data()));
    return out;
}

} // namespace

QStringList Tour::samples() const
{
    QStringList out;
    for (const TourCall& c : calls) {
        const QString s = QString::fromUtf8(c.sample);
        if (!out.contains(s))
            out << s;
    }
    return out;
}

std::vector<int> Tour::findCalls(const std::vector<Call>& list) const
{
    std::vector<int> found(calls.size(), -1);
    // Calls tied to another's connection are looked for once that one is found.
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i < calls.size(); ++i) {
            const TourCall& spec = calls[i];
            const bool tied = spec.sameConnectionAs >= 0;
            if (tied != (pass == 1))
                continue;
            const int other = tied && std::size_t(spec.sameConnectionAs) < calls.size()
                ? found[std::size_t(spec.sameConnectionAs)]
                : -1;
            if (tied && other < 0)
                continue;
            for (std::size_t k = 0; k < list.size(); ++k) {
                if (matches(spec, list[k])
                    && (!tied || list[k].connectionId == list[std::size_t(other)].connectionId)) {
                    found[i] = int(k);
                    break;
                }
            }
        }
    }
    return found;
}

std::vector<WalkthroughStep> Tour::steps(const std::vector<const Call*>& tourCalls) const
{
    std::vector<WalkthroughStep> out;
    for (std::size_t i = 0; i < calls.size() && i < tourCalls.size(); ++i) {
        const Call* call = tourCalls[i];
        if (!call)
            continue;
        const TourCall& spec = calls[i];
        const QString label = labelOf(spec, *call);
        if (spec.stops.empty()) {
            std::vector<WalkthroughStep> all = WalkthroughSteps::forCall(*call, label);
            out.insert(out.end(), std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()));
            continue;
        }
        for (const TourStop& stop : spec.stops) {
            const auto& message = stop.direction == Direction::ClientToServer ? call->request : call->response;
            if (!message)
                continue;
            const DecodeNode& root = message->tree;
            const DecodeNode* node = root.find(QString::fromUtf8(stop.path));
            if (!node)
                continue;
            WalkthroughStep step;
            step.callId = call->id;
            step.direction = stop.direction;
            step.indexPath = indexPathOf(root, node);
            step.title = QStringLiteral("%1 · %2 · %3")
                             .arg(label,
                                  stop.direction == Direction::ClientToServer ? QStringLiteral("request")
                                                                              : QStringLiteral("response"),
                                  node->name);
            step.text = QString::fromUtf8(stop.lead) + QLatin1Char(' ') + WalkthroughSteps::describe(*node);
            out.push_back(std::move(step));
        }
    }
    return out;
}

const std::vector<Tour>& walkthroughTours()
{
    static const std::vector<Tour> tours = makeTours();
    return tours;
}

const Tour* findTour(QStringView id)
{
    for (const Tour& t : walkthroughTours()) {
        if (id == QLatin1StringView(t.id))
            return &t;
    }
    return nullptr;
}

} // namespace rpcscope
