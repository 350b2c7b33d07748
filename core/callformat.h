#pragma once

#include "call.h"

#include <QByteArray>

namespace rpcscope {

class DecoderRegistry;
class JsonWriter;

struct CallJsonOptions
{
    /// Add `request_tree` and `response_tree` (the messages must have been decoded with trees).
    bool withTrees = false;
};

/// One call as the CLI's JSON object (one line, no newline): protocol, client, server, start, latency_ms, method,
/// object, params, result, fault, status; `kwargs` when the protocol has keyword arguments, `calls` for batches,
/// `truncated: true` when a limit cut a value short, `problems` ([{message, kind, text, offset}]) when either
/// message has any, `tls` ({version, cipher_suite, server_name, decrypted: false, reason}) for TLS records that
/// were not decrypted (status encrypted; a decrypted call's object is that of the same call in the clear), and
/// `rule` when a proxy rule or an intercept changed the call on its way.
QByteArray callToJson(const Call& call, const CallJsonOptions& options = {});
void writeCallJson(JsonWriter& json, const Call& call, const CallJsonOptions& options = {});
/// A decode tree as JSON: {name, type, value, description, offset, length, children} (and `buffer` for derived
/// buffers). `description` is what the field means, the text the Explain panel shows.
void writeTreeJson(JsonWriter& json, const DecodeNode& node);

/// One call as a line of text, the way tshark prints packets:
/// `id  time  client → server  PROTOCOL  method  status  latency  summary`, then `{rule: …}` when a rule changed
/// the call. `timeBase` is subtracted from the start.
QString callToText(const Call& call, double timeBase, const DecoderRegistry* registry = nullptr);

/// The problem a one-line view names first: a malformed one as is, else "truncated: …", else "lenient: …"; empty
/// when both messages decoded cleanly.
QString firstProblemNote(const Call& call);

/// Short "add(3, 4) → 7" style summary of a call's arguments and outcome.
QString callSummary(const Call& call, int maxChars = 160);

} // namespace rpcscope
