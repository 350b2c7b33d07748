#include "jrmpmessages.h"

#include "javamethodhash.h"
#include "javamethodtable.h"
#include "javathrowable.h"
#include "jrmpcallheader.h"
#include "jrmppayload.h"
#include "rminames.h"
#include "rmiremoteref.h"
#include "rmiwellknown.h"

namespace rpcscope::jrmpmessages {

namespace {

DecodedMessage start(const QByteArray& message, MessageKind kind, const QString& rootName, const QString& rootType,
                     const QString& description, bool buildTree)
{
    DecodedMessage m;
    m.protocol = QStringLiteral("jrmp");
    m.kind = kind;
    m.buffers.push_back(message);
    m.bufferNames.push_back(QStringLiteral("message"));
    if (buildTree) {
        m.tree.name = rootName;
        m.tree.type = rootType;
        m.tree.offset = 0;
        m.tree.length = message.size();
        m.tree.description = description;
    }
    return m;
}

const JavaMethodTable* userTable(const DecodeContext& context)
{
    return context.options ? context.options->javaMethods.get() : nullptr;
}

QString argumentList(const RpcValue& params)
{
    QString text;
    for (const RpcValue& v : params.toArray()) {
        if (!text.isEmpty())
            text += QLatin1String(", ");
        text += v.toDisplayString(60);
        if (text.size() > 120)
            break;
    }
    return text;
}

// True once the stream itself stopped early (truncated, malformed, opaque): values missing after that point are a
// consequence already reported, not a mismatch with the method's signature.
bool streamStopped(const JrmpPayload& p)
{
    const JavaStream::End end = p.stream().end;
    return end == JavaStream::End::Truncated || end == JavaStream::End::Error || end == JavaStream::End::Opaque;
}

// Problems found while reading values; added after the tree is built so their error nodes come last.
struct Problems
{
    std::vector<Problem> list;
    void add(const QString& text, qint64 offset) { list.push_back({text, offset}); }
    bool any() const { return !list.empty(); }
    void flush(DecodedMessage& m, DecodeNode* root)
    {
        for (const Problem& p : list)
            m.addProblem(p.text, p.offset, root);
    }
};

QString operationText(qint32 op, const JavaMethod* method)
{
    if (op == -1)
        return QStringLiteral("-1 (method hash follows)");
    return method ? QStringLiteral("%1 (%2)").arg(op).arg(method->name) : QString::number(op);
}

// Reads the arguments; `argNodes` gets the stream node of each object argument (-1 for primitives).
const JavaMethod* readArguments(JrmpPayload& p, const JrmpCallHeader& h, const DecodeContext& context,
                                DecodedMessage& m, Problems& problems, std::vector<int>& argNodes)
{
    const JavaMethodTable* table = userTable(context);
    const JavaMethod* method = h.method(table);
    m.object = rminames::objectText(h.objId, context);
    m.method = h.methodName(table);
    RpcArray params;
    if (method) {
        for (std::size_t i = 0; i < method->params.size(); ++i) {
            const JavaType& type = method->params[i];
            RpcValue v;
            const QString name = QStringLiteral("arg[%1]").arg(i);
            const QString description
                = QStringLiteral("Argument %1 of %2: %3.").arg(i + 1).arg(method->signature, type.name);
            int node = -1;
            const bool read = type.isPrimitive() ? p.readPrimitive(type.code(), name, description, &v)
                                                 : (node = p.readObject(name, description, v)) >= 0;
            argNodes.push_back(node);
            if (!read) {
                if (streamStopped(p))
                    break;
                problems.add(QStringLiteral("argument %1 (%2) of %3 is missing: the data does not match the "
                                            "signature")
                                 .arg(i + 1)
                                 .arg(type.name, method->signature),
                             p.pos());
                break;
            }
            params.push_back(std::move(v));
        }
        if (!problems.any() && !p.atEnd()) {
            const std::size_t before = params.size();
            p.readRest(QStringLiteral("extra"), 0, QStringLiteral("Data after the arguments the signature declares."),
                       params);
            problems.add(QStringLiteral("%1 unexpected value(s) after the arguments of %2")
                             .arg(params.size() - before)
                             .arg(method->signature),
                         -1);
        }
    } else {
        p.readRest(QStringLiteral("arg"), 0,
                   QStringLiteral("Primitive arguments (int, long, boolean...) of a method whose signature is "
                                  "unknown: only their bytes are shown (give the interface's signatures with "
                                  "--java-signatures to decode them)."),
                   params);
    }
    m.params = RpcValue::fromArray(std::move(params));
    m.summary = QStringLiteral("Call %1.%2(%3)").arg(m.object, m.method, argumentList(m.params));
    return method;
}

// Reads a normal return's value; returns its stream node when it is an object, else -1.
int readResult(JrmpPayload& p, const JavaMethod* method, const QByteArray& message, DecodedMessage& m,
               Problems& problems)
{
    RpcValue result;
    int object = -1;
    if (method && method->returnType.isVoid()) {
        // A void method sends only the header.
    } else if (method && method->returnType.isPrimitive()) {
        if (!p.readValue(method->returnType, QStringLiteral("returnValue"),
                         QStringLiteral("The %1 returned by %2.").arg(method->returnType.name, method->signature),
                         result)
            && !streamStopped(p))
            problems.add(
                QStringLiteral("the %1 result of %2 is missing").arg(method->returnType.name, method->signature),
                p.pos());
    } else if (!method && p.blockRemaining() > 0) {
        RpcArray rest;
        p.readRest(QStringLiteral("returnValue"), 0,
                   QStringLiteral("A primitive result of a method whose signature is unknown: only its bytes are "
                                  "shown (give the signatures with --java-signatures to decode it)."),
                   rest);
        if (!rest.empty())
            result = rest.front();
    } else if (p.peekObject() >= 0) {
        object = p.readObject(
            QStringLiteral("returnValue"),
            method ? QStringLiteral("The %1 returned by %2.").arg(method->returnType.name, method->signature)
                   : QStringLiteral("The returned object."),
            result);
    } else if (method && !streamStopped(p)) {
        problems.add(QStringLiteral("the %1 result of %2 is missing").arg(method->returnType.name, method->signature),
                     p.pos());
    }
    m.result = result;
    m.summary = QStringLiteral("Return %1").arg(result.toDisplayString(120));
    if (object < 0)
        return object;
    // A returned stub (registry lookup): say where the remote object lives.
    const JavaClassData* ro = rmiremoteref::remoteObjectData(p.stream(), object);
    if (!ro)
        return object;
    const RmiRemoteRef ref = rmiremoteref::read(p.stream(), *ro, message);
    if (!ref.complete)
        return object;
    DecodeNode n;
    n.name = QStringLiteral("remoteEndpoint");
    n.type = QStringLiteral("endpoint");
    n.value = ref.endpoint();
    n.description = QStringLiteral("Where the returned remote object (%1) can be called: the client opens a new "
                                   "connection to this host and port.")
                        .arg(ref.objId.toString());
    n.offset = ref.endpointOffset;
    n.length = ref.endpointLength;
    p.addRootNode(std::move(n));
    m.summary += QStringLiteral(" at %1").arg(ref.endpoint());
    return object;
}

void readException(JrmpPayload& p, const QByteArray& message, DecodedMessage& m, Problems& problems)
{
    RpcValue value;
    const int thrown = p.readObject(QStringLiteral("exception"),
                                    QStringLiteral("The Throwable the remote method threw, with its stack trace as "
                                                   "recorded on the server."),
                                    value);
    m.status = CallStatus::Exception;
    if (thrown < 0) {
        m.fault = RpcFault {RpcValue::fromString(QStringLiteral("?")), QString(), QString()};
        if (!streamStopped(p))
            problems.add(QStringLiteral("exceptional return without the exception object"), p.pos());
        return;
    }
    const JavaThrowableInfo info = javathrowable::describe(p.stream(), thrown, message);
    m.fault = RpcFault {RpcValue::fromString(info.className), info.message, info.stackTrace};
    m.summary = QStringLiteral("Exception %1: %2").arg(info.className, info.message);
}

bool isRegistry(const RmiObjId& id)
{
    return id.isWellKnown() && id.objNum == 0;
}

bool isRegistryMethod(const RmiObjId& target, const JavaMethod* method, QLatin1String name)
{
    return method && isRegistry(target) && method->name == name;
}

// The registry's bind and rebind name the stub they are given; any other stub a call carries tells its interfaces.
void learnFromCall(const JrmpPayload& p, const QByteArray& message, const JrmpCallHeader& h, const JavaMethod* method,
                   const std::vector<int>& argNodes, const DecodeContext& context, DecodedMessage& m)
{
    int named = -1;
    QString name;
    QString source;
    const RpcArray& params = m.params.toArray();
    const bool binds = isRegistryMethod(h.objId, method, QLatin1String("bind"))
        || isRegistryMethod(h.objId, method, QLatin1String("rebind"));
    if (binds && argNodes.size() >= 2 && params.size() >= 2 && params[0].isString()) {
        named = argNodes[1];
        name = params[0].toString();
        source = QStringLiteral("registry %1(\"%2\")").arg(method->name, name);
    }
    rminames::collectFacts(p.stream(), message, userTable(context), named, name, source, m.objectFacts);
}

// A node under the ObjID saying what the session knows of the object: its registry name and interfaces.
void addKnownAs(DecodeNode& objId, const RmiObjId& target, const DecodeContext& context)
{
    const auto entry = rminames::known(target, context);
    if (!entry)
        return;
    const QString learned = entry->source.isEmpty() ? QStringLiteral("a stub of it that an earlier message carried")
                                                    : QStringLiteral("the earlier %1").arg(entry->source);
    objId.add(QStringLiteral("knownAs"), QStringLiteral("name"), entry->displayName(), -1, 0,
              QStringLiteral("What this capture said earlier about the object with this ObjID, on any of its "
                             "connections: learned from %1 (interfaces: %2).")
                  .arg(learned, entry->interfaces.join(QLatin1String(", "))));
}

} // namespace

DecodedMessage decodeCall(const QByteArray& message, const DecodeContext& context)
{
    const bool tree = context.buildTree();
    DecodedMessage m = start(message, MessageKind::Request, QStringLiteral("call"), QStringLiteral("JRMP Call"),
                             QStringLiteral("A remote method call: which object, which method, and the arguments, "
                                            "all inside one Java serialization stream."),
                             tree);
    DecodeNode* root = tree ? &m.tree : nullptr;
    if (root)
        root->add(QStringLiteral("messageType"), QStringLiteral("u8"), QStringLiteral("0x50 Call"), 0, 1,
                  QStringLiteral("JRMP message type: Call (a method invocation follows)."));
    m.summary = QStringLiteral("Call");
    Problems problems;
    JrmpPayload p(message, context);
    JrmpCallHeader h;
    const JavaMethod* method = nullptr;
    if (p.headerOk()) {
        const bool header
            = p.readObjId(QStringLiteral("objID"),
                          QStringLiteral("The remote object being called: ObjID = object number + UID of the exporting "
                                         "VM."),
                          h.objId)
            && p.readInt(QStringLiteral("operation"), {}, h.op) && p.readLong(QStringLiteral("hash"), {}, h.hash);
        if (!header)
            problems.add(QStringLiteral("the call header (ObjID, operation, hash: 34 bytes of block data) is "
                                        "incomplete"),
                         p.pos());
        else {
            std::vector<int> argNodes;
            method = readArguments(p, h, context, m, problems, argNodes);
            learnFromCall(p, message, h, method, argNodes, context, m);
        }
    }
    p.finish(m, root);
    problems.flush(m, root);
    if (root) {
        // The header nodes were recorded inside the block data; give them their meaning now that it is known.
        for (DecodeNode& block : root->children) {
            for (DecodeNode& n : block.children) {
                if (n.name == QLatin1String("objID")) {
                    addKnownAs(n, h.objId, context);
                } else if (n.name == QLatin1String("operation")) {
                    n.value = operationText(h.op, method);
                    n.description = h.op == -1 ? QStringLiteral("Operation: -1 means a JDK 1.2 stub, the hash names "
                                                                "the method.")
                                               : QStringLiteral("Operation number of a JDK 1.1 stub: the method's "
                                                                "index in the interface.");
                } else if (n.name == QLatin1String("hash")) {
                    n.value = QStringLiteral("0x%1").arg(javaHashHex(h.hash));
                    if (method)
                        n.value += QStringLiteral(" (%1)").arg(method->signature);
                    n.description = rmiwellknown::hashMeaning(h.objId, h.op, h.hash);
                }
            }
        }
        if (!m.method.isEmpty())
            root->value = QStringLiteral("%1.%2").arg(m.object, m.method);
    }
    return m;
}

DecodedMessage decodeReturn(const QByteArray& message, const DecodeContext& context)
{
    const bool tree = context.buildTree();
    DecodedMessage m
        = start(message, MessageKind::Response, QStringLiteral("return"), QStringLiteral("JRMP ReturnData"),
                QStringLiteral("The answer to a call: a normal return with the result, or an "
                               "exceptional return with the exception the method threw."),
                tree);
    DecodeNode* root = tree ? &m.tree : nullptr;
    if (root)
        root->add(QStringLiteral("messageType"), QStringLiteral("u8"), QStringLiteral("0x51 ReturnData"), 0, 1,
                  QStringLiteral("JRMP message type: ReturnData (the result of the current call follows)."));
    m.summary = QStringLiteral("Return");
    Problems problems;
    JrmpPayload p(message, context);

    // The call this answers, for the type of the result, and the name a registry lookup asked for.
    const JavaMethod* method = nullptr;
    QString callName;
    QString lookedUp;
    if (context.request && !context.request->bytes().isEmpty()
        && static_cast<quint8>(context.request->bytes().front()) == 0x50) {
        if (const auto h = JrmpCallHeader::read(context.request->bytes(), context.limits())) {
            method = h->method(userTable(context));
            callName = rminames::objectText(h->objId, context) + QLatin1Char('.') + h->methodName(userTable(context));
            const RpcArray& args = context.request->params.toArray();
            if (isRegistryMethod(h->objId, method, QLatin1String("lookup")) && !args.empty() && args[0].isString())
                lookedUp = args[0].toString();
        }
    }

    qint64 kind = 0;
    if (p.headerOk()) {
        RpcValue returnType;
        RmiUid ack;
        if (!p.readPrimitive('B', QStringLiteral("returnType"),
                             QStringLiteral("1 = normal return (a value follows), 2 = exceptional return (a Throwable "
                                            "follows)."),
                             &returnType)
            || !p.readUid(QStringLiteral("ackId"),
                          QStringLiteral("UID the client quotes in a DgcAck once it has registered the remote "
                                         "references the result contains."),
                          ack)) {
            problems.add(QStringLiteral("the return header (return type and UID: 15 bytes of block data) is "
                                        "incomplete"),
                         p.pos());
        } else {
            kind = returnType.toInt();
            if (kind == 1) {
                const int result = readResult(p, method, message, m, problems);
                // A lookup answer binds the looked-up name to the stub; any stub returned tells its interfaces.
                rminames::collectFacts(p.stream(), message, userTable(context), lookedUp.isEmpty() ? -1 : result,
                                       lookedUp, QStringLiteral("registry lookup(\"%1\")").arg(lookedUp),
                                       m.objectFacts);
            } else if (kind == 2)
                readException(p, message, m, problems);
            else
                problems.add(QStringLiteral("unknown return type %1 (expected 1 normal or 2 exceptional)").arg(kind),
                             7);
            if (!problems.any() && !p.atEnd()) {
                RpcArray rest;
                p.readRest(QStringLiteral("extra"), 0, QStringLiteral("Data after the return value."), rest);
                problems.add(QStringLiteral("%1 unexpected value(s) after the return value").arg(rest.size()), -1);
            }
        }
    }
    p.finish(m, root);
    problems.flush(m, root);
    if (root) {
        if (!callName.isEmpty())
            root->value = QStringLiteral("from ") + callName;
        for (DecodeNode& block : root->children) {
            for (DecodeNode& n : block.children) {
                if (n.name == QLatin1String("returnType"))
                    n.value = kind == 1 ? QStringLiteral("1 (normal return)")
                        : kind == 2     ? QStringLiteral("2 (exceptional return)")
                                        : n.value;
            }
        }
    }
    return m;
}

} // namespace rpcscope::jrmpmessages
