#include "pyrosemantics.h"

#include "pyro/marshalreader.h"
#include "pyro/pyrepr.h"
#include "pyro/pyrouri.h"

namespace rpcscope {

namespace {

// A member of a struct, looking also inside a pickled object's BUILD state.
const RpcValue* memberOrState(const RpcValue& v, QStringView name)
{
    if (const RpcValue* m = v.member(name))
        return m;
    if (const RpcValue* state = v.member(u"state"))
        return state->member(name);
    return nullptr;
}

QString className(const RpcValue& v)
{
    if (!v.tag().isEmpty())
        return v.tag();
    if (const RpcValue* c = v.member(u"__class__"))
        return c->toString();
    return {};
}

DecodeNode* child(DecodeNode* node, QStringView name)
{
    if (!node)
        return nullptr;
    for (DecodeNode& c : node->children) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

DecodeNode* childAt(DecodeNode* node, std::size_t index)
{
    if (!node)
        return nullptr;
    std::size_t i = 0;
    for (DecodeNode& c : node->children) {
        if (c.error || c.name == QLatin1String("malformed"))
            continue;
        if (i++ == index)
            return &c;
    }
    return nullptr;
}

void relabel(DecodeNode* node, const QString& name, const QString& description)
{
    if (!node)
        return;
    node->name = name;
    node->description = description;
}

void relabelParams(DecodeNode* params, const QString& prefix)
{
    if (!params)
        return;
    int i = 0;
    for (DecodeNode& c : params->children) {
        if (!c.error)
            c.name = QStringLiteral("%1[%2]").arg(prefix).arg(i++);
    }
}

RpcValue asKwargs(const RpcValue& v)
{
    return v.isStruct() ? v : RpcValue::fromStruct({});
}

// The parts of a call: a 4-sequence (object, method, vargs, kwargs) or json's {"object", "method", "params",
// "kwargs"}; batch entries are 3-sequences (method, vargs, kwargs).
struct CallParts
{
    RpcValue object;
    RpcValue method;
    RpcValue params;
    RpcValue kwargs;
    DecodeNode* objectNode = nullptr;
    DecodeNode* methodNode = nullptr;
    DecodeNode* paramsNode = nullptr;
    DecodeNode* kwargsNode = nullptr;
    bool ok = false;
};

// A value cut short by a limit (`cut`) gives what it has: the kwargs, or the params and kwargs, may be missing.
CallParts callParts(const RpcValue& v, DecodeNode* node, bool cut)
{
    CallParts p;
    if (v.isStruct()) {
        const RpcValue* object = v.member(u"object");
        const RpcValue* method = v.member(u"method");
        const RpcValue* params = v.member(u"params");
        const RpcValue* kwargs = v.member(u"kwargs");
        if (!object || !method || (!params && !cut))
            return p;
        p.object = *object;
        p.method = *method;
        p.params = params ? *params : RpcValue::fromArray({});
        p.kwargs = kwargs ? *kwargs : RpcValue();
        p.objectNode = child(node, u"object");
        p.methodNode = child(node, u"method");
        p.paramsNode = child(node, u"params");
        p.kwargsNode = child(node, u"kwargs");
        p.ok = true;
        return p;
    }
    const RpcArray& a = v.toArray();
    if (!v.isArray() || (a.size() != 4 && !(cut && a.size() >= 2 && a.size() < 4)))
        return p;
    p.object = a[0];
    p.method = a[1];
    p.params = a.size() > 2 ? a[2] : RpcValue::fromArray({});
    p.kwargs = a.size() > 3 ? a[3] : RpcValue();
    p.objectNode = childAt(node, 0);
    p.methodNode = childAt(node, 1);
    p.paramsNode = childAt(node, 2);
    p.kwargsNode = childAt(node, 3);
    p.ok = true;
    return p;
}

QString elide(const QString& text, int maxChars)
{
    return text.size() > maxChars ? text.left(maxChars) + QChar(0x2026) : text;
}

QString namesText(const RpcValue* list)
{
    QStringList names;
    if (list) {
        for (const RpcValue& v : list->toArray())
            names << v.toString();
    }
    return names.join(QLatin1String(", "));
}

QString argsText(const RpcValue& params, const RpcValue& kwargs, int maxChars = 120)
{
    QStringList parts;
    for (const RpcValue& v : params.toArray())
        parts << PyRepr::repr(v, 8);
    for (const RpcMember& m : kwargs.toStruct())
        parts << m.first + QLatin1Char('=') + PyRepr::repr(m.second, 8);
    return elide(parts.join(QLatin1String(", ")), maxChars);
}

void applyConnect(DecodedMessage& m, const RpcValue& value, DecodeNode* valueNode)
{
    m.kind = MessageKind::Request;
    m.method = QStringLiteral("<connect>");
    if (const RpcValue* handshake = value.member(u"handshake")) {
        m.params = RpcValue::fromArray({*handshake});
        if (const RpcValue* object = value.member(u"object"))
            m.object = object->toString();
        relabel(child(valueNode, u"handshake"), QStringLiteral("handshake"),
                QStringLiteral("The handshake data the daemon's validateHandshake() checks (\"hello\" by default)."));
        relabel(child(valueNode, u"object"), QStringLiteral("object"),
                QStringLiteral("The object id the client connects to; the daemon returns its metadata."));
    } else {
        m.params = RpcValue::fromArray({value});
    }
    if (valueNode)
        valueNode->description = QStringLiteral("The CONNECT handshake: {'handshake': data, 'object': object id} "
                                                "when metadata is asked for, else {'handshake': data}.");
}

// Where a problem with the meaning of a payload is shown: on its value node, else on the message.
DecodeNode* problemNode(DecodedMessage& m, DecodeNode* valueNode)
{
    if (valueNode)
        return valueNode;
    return m.tree.name.isEmpty() ? nullptr : &m.tree;
}

void applyInvoke(DecodedMessage& m, const PyroFrame& h, const RpcValue& value, bool valueCut,
                 const std::vector<PyroAnnotation>& annotations, const DecodeContext& context, DecodeNode* valueNode)
{
    m.kind = MessageKind::Request;
    m.expectsReply = !h.oneway;
    m.kwargs = RpcValue::fromStruct({});
    CallParts p = callParts(value, valueNode, valueCut);
    if (h.keepSerialized) {
        // The target travels in BLBI: marshal of (blob info, object id, method name).
        for (const PyroAnnotation& a : annotations) {
            if (a.id != "BLBI")
                continue;
            const PyReadResult blbi = MarshalReader::parse(a.value, 0, context.limits(), nullptr);
            const RpcArray& t = blbi.value.toArray();
            if (blbi.ok() && t.size() == 3) {
                m.object = t[1].toString();
                m.method = t[2].toString();
            }
        }
        if (!p.ok) {
            m.params = RpcValue::fromArray({value});
            return;
        }
    }
    if (!p.ok && valueCut)
        return; // the truncation says why there is no call to show
    if (!p.ok) {
        const qint64 at = valueNode ? valueNode->offset : h.payloadOffset();
        m.addProblem(QStringLiteral("INVOKE payload is not (object, method, args, kwargs)"), at,
                     problemNode(m, valueNode));
        return;
    }
    m.object = p.object.toString();
    m.method = p.method.toString();
    m.params = p.params.isArray() ? p.params : RpcValue::fromArray({p.params});
    m.kwargs = asKwargs(p.kwargs);
    relabel(p.objectNode, QStringLiteral("object"), QStringLiteral("Id of the remote object the call is for."));
    relabel(p.methodNode, QStringLiteral("method"), QStringLiteral("Name of the method to call."));
    relabel(p.kwargsNode, QStringLiteral("kwargs"), QStringLiteral("Keyword arguments (a dict; None for a batch)."));
    const bool batch = h.batch || m.method == QLatin1String("<batch>");
    if (!batch) {
        relabel(p.paramsNode, QStringLiteral("params"), QStringLiteral("Positional arguments, in order."));
        relabelParams(p.paramsNode, QStringLiteral("param"));
        return;
    }
    relabel(p.paramsNode, QStringLiteral("calls"),
            QStringLiteral("The batched calls: a list of (method, args, kwargs), run in order."));
    std::size_t i = 0;
    for (const RpcValue& call : m.params.toArray()) {
        DecodeNode* callNode = childAt(p.paramsNode, i);
        relabel(callNode, QStringLiteral("call[%1]").arg(i), QStringLiteral("One call of the batch."));
        SubCall s;
        const RpcArray& c = call.toArray();
        if (c.size() == 3) {
            s.method = c[0].toString();
            s.params = c[1].isArray() ? c[1] : RpcValue::fromArray({c[1]});
            s.kwargs = asKwargs(c[2]);
            relabel(childAt(callNode, 0), QStringLiteral("method"), QStringLiteral("Method name."));
            relabel(childAt(callNode, 1), QStringLiteral("params"), QStringLiteral("Positional arguments."));
            relabelParams(childAt(callNode, 1), QStringLiteral("param"));
            relabel(childAt(callNode, 2), QStringLiteral("kwargs"), QStringLiteral("Keyword arguments."));
        } else {
            m.addProblem(QStringLiteral("batch entry %1 is not (method, args, kwargs)").arg(i),
                         callNode ? callNode->offset : -1, callNode ? callNode : problemNode(m, valueNode));
        }
        // A oneway batch gets no reply: its calls are done when sent.
        s.status = m.expectsReply ? CallStatus::Pending : CallStatus::Ok;
        m.subCalls.push_back(std::move(s));
        ++i;
    }
}

// Pyro4.futures._ExceptionWrapper or Pyro5.core._ExceptionWrapper.
bool isExceptionWrapper(const RpcValue& v)
{
    return className(v).endsWith(QLatin1String("._ExceptionWrapper"));
}

void applyBatchResult(DecodedMessage& m, const RpcValue& value, const DecodeContext& context)
{
    for (const RpcValue& r : value.toArray()) {
        SubCall s;
        if (isExceptionWrapper(r)) {
            const RpcValue* exc = memberOrState(r, u"exception");
            s.fault = PyroSemantics::faultFromException(exc ? *exc : RpcValue());
            s.status = CallStatus::Exception;
            s.result = exc ? *exc : RpcValue();
        } else {
            s.result = r;
            s.status = CallStatus::Ok;
        }
        m.subCalls.push_back(std::move(s));
    }
    // The daemon stops at the first failing call: the calls after it were never run.
    const DecodedMessage* request = context.request;
    if (request && request->pairKey == m.pairKey && request->subCalls.size() > m.subCalls.size()) {
        for (std::size_t i = m.subCalls.size(); i < request->subCalls.size(); ++i) {
            SubCall s;
            s.status = CallStatus::NoReply;
            s.fault = RpcFault {RpcValue::fromString(QStringLiteral("<not run>")),
                                QStringLiteral("not run: an earlier call in the batch failed"),
                                {}};
            m.subCalls.push_back(std::move(s));
        }
    }
}

// A result that stands for a remote object reads as its URI, as Pyro prints it: a name server's lookup("name") →
// PYRO:name@host:port, or with return_metadata (PYRO:..., {metadata}). Empty for any other value.
QString referenceText(const RpcValue& value)
{
    if (const std::optional<QString> uri = PyroUri::textOf(value))
        return *uri;
    const RpcArray& pair = value.toArray();
    if (value.isArray() && pair.size() == 2) {
        if (const std::optional<QString> uri = PyroUri::textOf(pair[0]))
            return QStringLiteral("(%1, %2)").arg(*uri, PyRepr::repr(pair[1], 4));
    }
    return {};
}

} // namespace

RpcFault PyroSemantics::faultFromException(const RpcValue& exc)
{
    RpcFault f;
    const QString cls = className(exc);
    f.code = RpcValue::fromString(cls.isEmpty() ? QStringLiteral("<exception>") : cls);
    if (!exc.isStruct()) {
        f.message = PyRepr::str(exc);
        return f;
    }
    if (const RpcValue* args = exc.member(u"args")) {
        QStringList parts;
        for (const RpcValue& a : args->toArray())
            parts << PyRepr::str(a);
        f.message = parts.join(QLatin1String(", "));
    }
    const RpcValue* attributes = exc.member(u"attributes");
    if (!attributes)
        attributes = exc.member(u"state");
    if (attributes) {
        if (const RpcValue* tb = attributes->member(u"_pyroTraceback")) {
            QString detail;
            for (const RpcValue& line : tb->toArray())
                detail += line.toString();
            if (tb->isString())
                detail = tb->toString();
            f.detail = detail;
        }
    }
    return f;
}

void PyroSemantics::apply(DecodedMessage& m, const PyroFrame& h, const RpcValue& value, bool valueOk, bool valueCut,
                          const std::vector<PyroAnnotation>& annotations, const DecodeContext& context,
                          DecodeNode* valueNode)
{
    m.pairKey = h.seq;
    switch (h.type) {
    case pyro::MsgConnect:
        applyConnect(m, value, valueNode);
        break;
    case pyro::MsgConnectOk:
        m.kind = MessageKind::Response;
        m.method = QStringLiteral("<connect>");
        m.result = value;
        if (valueNode)
            valueNode->description = QStringLiteral("The handshake reply: {'handshake': ..., 'meta': {'methods', "
                                                    "'oneway', 'attrs'}} with metadata, else the handshake data.");
        break;
    case pyro::MsgConnectFail:
        m.kind = MessageKind::Response;
        m.method = QStringLiteral("<connect>");
        m.result = value;
        m.status = CallStatus::Exception;
        m.fault = RpcFault {RpcValue::fromString(QStringLiteral("CONNECTFAIL")), PyRepr::str(value), {}};
        if (valueNode)
            valueNode->description = QStringLiteral("Why the daemon refused the connection; it closes it next.");
        break;
    case pyro::MsgInvoke:
        if (valueOk)
            applyInvoke(m, h, value, valueCut, annotations, context, valueNode);
        m.kind = MessageKind::Request;
        m.expectsReply = !h.oneway;
        break;
    case pyro::MsgResult:
        m.kind = MessageKind::Response;
        m.result = value;
        if (!valueOk)
            break;
        if (h.itemStream) {
            QString stream;
            for (const PyroAnnotation& a : annotations) {
                if (a.id == "STRM")
                    stream = QString::fromLatin1(a.value);
            }
            m.result = RpcValue::fromStruct({{QStringLiteral("stream"), RpcValue::fromString(stream)}},
                                            QStringLiteral("iterator"));
            break;
        }
        if (h.exception) {
            m.status = CallStatus::Exception;
            m.fault = faultFromException(value);
            if (valueNode)
                valueNode->description = QStringLiteral("The exception the remote method raised: its class, args "
                                                        "and attributes (the remote traceback in _pyroTraceback).");
            break;
        }
        if (h.batch)
            applyBatchResult(m, value, context);
        m.resultText = referenceText(value);
        if (valueNode && valueNode->description.isEmpty())
            valueNode->description = QStringLiteral("The return value of the call.");
        break;
    case pyro::MsgPing:
        if (context.direction == Direction::ClientToServer) {
            m.kind = MessageKind::Request;
            m.method = QStringLiteral("<ping>");
        } else {
            m.kind = MessageKind::Response;
            m.method = QStringLiteral("<ping>");
            m.result = value;
        }
        break;
    default:
        m.kind = context.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
        m.addProblem(QStringLiteral("unknown message type %1").arg(h.type), 6, problemNode(m, nullptr), 2);
        break;
    }
    m.summary = summary(m, h);
}

QString PyroSemantics::summary(const DecodedMessage& m, const PyroFrame& h)
{
    const QString head = QStringLiteral("%1 #%2").arg(pyro::messageTypeName(h.type)).arg(h.seq);
    switch (h.type) {
    case pyro::MsgConnect:
        return QStringLiteral("%1 %2 handshake %3").arg(head, m.object, argsText(m.params, {}));
    case pyro::MsgInvoke: {
        QString text = QStringLiteral("%1 %2.%3(%4)").arg(head, m.object, m.method, argsText(m.params, m.kwargs));
        if (!m.expectsReply)
            text += QStringLiteral(" oneway");
        return text;
    }
    case pyro::MsgConnectOk:
        if (const RpcValue* meta = m.result.member(u"meta")) {
            return QStringLiteral("%1 %2 (methods: %3; oneway: %4)")
                .arg(head, PyRepr::repr(m.result.member(u"handshake") ? *m.result.member(u"handshake") : RpcValue()),
                     elide(namesText(meta->member(u"methods")), 100), elide(namesText(meta->member(u"oneway")), 60));
        }
        return QStringLiteral("%1 %2").arg(head, elide(PyRepr::repr(m.result, 8), 120));
    case pyro::MsgConnectFail:
    case pyro::MsgResult:
        if (m.fault)
            return QStringLiteral("%1 raised %2: %3").arg(head, m.fault->code.toString(), elide(m.fault->message, 120));
        if (!m.resultText.isEmpty())
            return QStringLiteral("%1 → %2").arg(head, elide(m.resultText, 120));
        return QStringLiteral("%1 → %2").arg(head, elide(PyRepr::repr(m.result, 8), 120));
    default:
        return QStringLiteral("%1 %2").arg(head, elide(PyRepr::repr(m.result, 4), 60));
    }
}

} // namespace rpcscope
