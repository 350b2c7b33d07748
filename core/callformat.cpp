#include "callformat.h"

#include "decoderregistry.h"
#include "jsonwriter.h"
#include "tls/tlscarrier.h"
#include "tls/tlsciphersuite.h"
#include "tls/tlsrecord.h"

#include <algorithm>
#include <charconv>

namespace rpcscope {

namespace {
void writeFault(JsonWriter& json, const std::optional<RpcFault>& fault)
{
    if (!fault) {
        json.null();
        return;
    }
    json.beginObject();
    json.key(QLatin1StringView("code"));
    writeRpcValue(json, fault->code);
    json.key(QLatin1StringView("message"));
    json.string(fault->message);
    json.endObject();
}

// Every problem of either message, so that a reader of the JSON sees what was cut or read leniently, not only
// that something was.
void writeProblems(JsonWriter& json, const Call& call)
{
    const std::pair<const char*, const DecodedMessage*> messages[]
        = {{"request", call.request.get()}, {"response", call.response.get()}};
    bool any = false;
    for (const auto& [which, m] : messages) {
        if (!m)
            continue;
        for (const Problem& p : m->problems) {
            if (!any) {
                json.key(QLatin1StringView("problems"));
                json.beginArray();
                any = true;
            }
            json.beginObject();
            json.key(QLatin1StringView("message"));
            json.string(QLatin1StringView(which));
            json.key(QLatin1StringView("kind"));
            json.string(problemKindName(p.kind));
            json.key(QLatin1StringView("text"));
            json.string(p.text);
            json.key(QLatin1StringView("offset"));
            if (p.offset >= 0)
                json.integer(p.offset);
            else
                json.null();
            json.endObject();
        }
    }
    if (any)
        json.endArray();
}

// The connection a call's messages came through, when TLS carried them.
const tls::SessionInfo* tlsSession(const Call& call)
{
    for (const auto* m : {call.request.get(), call.response.get()}) {
        if (m && m->tls && m->tls->session)
            return m->tls->session.get();
    }
    return nullptr;
}

void writeTls(JsonWriter& json, const tls::SessionInfo& session)
{
    json.key(QLatin1StringView("tls"));
    json.beginObject();
    json.key(QLatin1StringView("version"));
    if (session.version != 0)
        json.string(tls::versionName(session.version));
    else
        json.null();
    json.key(QLatin1StringView("cipher_suite"));
    if (session.cipherSuite != 0)
        json.string(tls::cipherSuiteName(session.cipherSuite));
    else
        json.null();
    json.key(QLatin1StringView("server_name"));
    if (!session.serverName.isEmpty())
        json.string(session.serverName);
    else
        json.null();
    json.key(QLatin1StringView("decrypted"));
    json.boolean(false);
    json.key(QLatin1StringView("reason"));
    json.string(session.notDecrypted);
    json.endObject();
}

// An endpoint as Endpoint::toString() writes it ("ip:port", IPv6 in brackets), built on the stack: every line of jsonl
// has two.
void writeEndpoint(JsonWriter& json, const Endpoint& endpoint)
{
    const qsizetype n = endpoint.address.size();
    if (n > 64) {
        json.string(endpoint.toString());
        return;
    }
    const char16_t* address = reinterpret_cast<const char16_t*>(endpoint.address.constData());
    char16_t text[64 + 2 + 1 + 5];
    char16_t* p = text;
    const bool bracketed = std::find(address, address + n, u':') != address + n;
    if (bracketed)
        *p++ = u'[';
    for (qsizetype i = 0; i < n; ++i) // a dozen characters: a call to memcpy costs more
        *p++ = address[i];
    if (bracketed)
        *p++ = u']';
    *p++ = u':';
    char digits[8];
    const char* end = std::to_chars(digits, digits + sizeof digits, endpoint.port).ptr;
    for (const char* d = digits; d != end; ++d)
        *p++ = char16_t(*d);
    json.string(QStringView(text, p - text));
}

QString argumentList(const RpcValue& params, const RpcValue& kwargs, int maxChars)
{
    QString text;
    for (const RpcValue& v : params.toArray()) {
        if (!text.isEmpty())
            text += QLatin1String(", ");
        text += v.toDisplayString(maxChars);
        if (text.size() > maxChars)
            break;
    }
    for (const RpcMember& m : kwargs.toStruct()) {
        if (!text.isEmpty())
            text += QLatin1String(", ");
        text += m.first + QLatin1Char('=') + m.second.toDisplayString(maxChars);
    }
    return text;
}
} // namespace

void writeTreeJson(JsonWriter& json, const DecodeNode& node)
{
    json.beginObject();
    json.key(QLatin1StringView("name"));
    json.string(node.name);
    json.key(QLatin1StringView("type"));
    json.string(node.type);
    json.key(QLatin1StringView("value"));
    json.string(node.value);
    json.key(QLatin1StringView("description"));
    json.string(node.description);
    json.key(QLatin1StringView("offset"));
    if (node.hasBytes())
        json.integer(node.offset);
    else
        json.null();
    json.key(QLatin1StringView("length"));
    json.integer(node.length);
    if (node.buffer != 0) {
        json.key(QLatin1StringView("buffer"));
        json.integer(node.buffer);
    }
    json.key(QLatin1StringView("children"));
    json.beginArray();
    for (const DecodeNode& child : node.children)
        writeTreeJson(json, child);
    json.endArray();
    json.endObject();
}

void writeCallJson(JsonWriter& json, const Call& call, const CallJsonOptions& options)
{
    json.beginObject();
    json.key(QLatin1StringView("protocol"));
    json.string(call.protocol);
    json.key(QLatin1StringView("client"));
    writeEndpoint(json, call.client);
    json.key(QLatin1StringView("server"));
    writeEndpoint(json, call.server);
    json.key(QLatin1StringView("start"));
    json.fixed(call.start(), 6);
    json.key(QLatin1StringView("latency_ms"));
    if (const auto latency = call.latencyMs())
        json.fixed(*latency, 3);
    else
        json.null();
    json.key(QLatin1StringView("method"));
    json.string(call.method());
    json.key(QLatin1StringView("object"));
    if (call.object().isEmpty())
        json.null();
    else
        json.string(call.object());
    json.key(QLatin1StringView("params"));
    writeRpcValue(json, call.params());
    if (!call.kwargs().isNil()) {
        json.key(QLatin1StringView("kwargs"));
        writeRpcValue(json, call.kwargs());
    }
    json.key(QLatin1StringView("result"));
    if (call.response && !call.fault())
        writeRpcValue(json, call.result());
    else
        json.null();
    json.key(QLatin1StringView("fault"));
    writeFault(json, call.fault());
    json.key(QLatin1StringView("status"));
    json.string(statusName(call.status));
    if (call.truncated()) {
        json.key(QLatin1StringView("truncated"));
        json.boolean(true);
    }
    writeProblems(json, call);
    // A decrypted call's line is the line of the same call in the clear; one that stays encrypted says why.
    if (const tls::SessionInfo* session = tlsSession(call); session && !session->decrypted())
        writeTls(json, *session);
    if (!call.rule.isEmpty()) {
        json.key(QLatin1StringView("rule"));
        json.string(call.rule);
    }
    if (!call.subCalls.empty()) {
        json.key(QLatin1StringView("calls"));
        json.beginArray();
        for (const SubCall& s : call.subCalls) {
            json.beginObject();
            json.key(QLatin1StringView("method"));
            json.string(s.method);
            json.key(QLatin1StringView("params"));
            writeRpcValue(json, s.params);
            if (!s.kwargs.isNil()) {
                json.key(QLatin1StringView("kwargs"));
                writeRpcValue(json, s.kwargs);
            }
            json.key(QLatin1StringView("result"));
            if (s.fault)
                json.null();
            else
                writeRpcValue(json, s.result);
            json.key(QLatin1StringView("fault"));
            writeFault(json, s.fault);
            json.key(QLatin1StringView("status"));
            json.string(statusName(s.status));
            json.endObject();
        }
        json.endArray();
    }
    if (options.withTrees) {
        json.key(QLatin1StringView("request_tree"));
        if (call.request)
            writeTreeJson(json, call.request->tree);
        else
            json.null();
        json.key(QLatin1StringView("response_tree"));
        if (call.response)
            writeTreeJson(json, call.response->tree);
        else
            json.null();
    }
    json.endObject();
}

QByteArray callToJson(const Call& call, const CallJsonOptions& options)
{
    QByteArray out;
    JsonWriter json(out);
    writeCallJson(json, call, options);
    return out;
}

QString firstProblemNote(const Call& call)
{
    for (const Problem::Kind kind : {Problem::Kind::Malformed, Problem::Kind::Truncated, Problem::Kind::Lenient}) {
        for (const auto* m : {call.request.get(), call.response.get()}) {
            if (!m)
                continue;
            for (const Problem& p : m->problems) {
                if (p.kind == kind)
                    return kind == Problem::Kind::Malformed ? p.text
                                                            : problemKindName(kind) + QLatin1String(": ") + p.text;
            }
        }
    }
    return {};
}

QString callSummary(const Call& call, int maxChars)
{
    if (call.status == CallStatus::Encrypted) {
        // No values to show: what each side sent, as the TLS decoder summed it up.
        QString text = call.request ? call.request->summary : QStringLiteral("(no request)");
        if (call.response)
            text += QStringLiteral(" → ") + call.response->summary;
        if (text.size() > maxChars) {
            text.truncate(maxChars);
            text += QChar(0x2026);
        }
        return text;
    }
    QString text
        = call.method() + QLatin1Char('(') + argumentList(call.params(), call.kwargs(), maxChars) + QLatin1Char(')');
    if (const auto& fault = call.fault())
        text += QStringLiteral(" → %1 %2").arg(fault->code.toDisplayString(60), fault->message);
    else if (call.response && !call.response->resultText.isEmpty())
        text += QStringLiteral(" → ") + call.response->resultText;
    else if (call.response)
        text += QStringLiteral(" → ") + call.result().toDisplayString(maxChars);
    if (text.size() > maxChars) {
        text.truncate(maxChars);
        text += QChar(0x2026);
    }
    return text;
}

QString callToText(const Call& call, double timeBase, const DecoderRegistry* registry)
{
    QString protocol = call.protocol;
    if (registry) {
        if (const ProtocolDecoder* d = registry->find(call.protocol))
            protocol = d->displayName();
    }
    const auto latency = call.latencyMs();
    const QString method = call.object().isEmpty() ? call.method() : call.object() + QLatin1Char('.') + call.method();
    QString line = QStringLiteral("%1 %2 %3 → %4 %5 %6 %7 %8")
                       .arg(call.id, 5)
                       .arg(call.start() - timeBase, 11, 'f', 6)
                       .arg(call.client.toString(), call.server.toString(), protocol,
                            method.isEmpty() ? QStringLiteral("?") : method, statusName(call.status))
                       .arg(latency ? QStringLiteral("%1 ms").arg(*latency, 0, 'f', 3) : QStringLiteral("-"));
    line += QLatin1String("  ") + callSummary(call);
    const tls::SessionInfo* session = tlsSession(call);
    if (!call.rule.isEmpty())
        line += QLatin1String("  {rule: ") + call.rule + QLatin1Char('}');
    if (call.status == CallStatus::Malformed && !call.notes.isEmpty())
        line += QLatin1String("  [") + call.notes.first() + QLatin1Char(']');
    else if (call.status == CallStatus::Encrypted && session && !session->decrypted())
        line += QStringLiteral("  [not decrypted: %1]").arg(session->notDecrypted);
    else if (const QString note = firstProblemNote(call); !note.isEmpty())
        line += QLatin1String("  [") + note + QLatin1Char(']');
    return line;
}

} // namespace rpcscope
