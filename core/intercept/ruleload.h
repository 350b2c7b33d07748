#pragma once

#include "intercept/callrule.h"
#include "result.h"

#include <QStringList>

namespace rpcscope {

class DecoderRegistry;

/// The protocol ids and names `protocol:` terms accept, from the registry.
std::vector<CallFilter::ProtocolName> filterProtocols(const DecoderRegistry& registry);

/// The protocol a rule is limited to by a `protocol:` term (empty: any).
QString ruleProtocol(const CallRule& rule);

/// Rules as the command line gives them: each `--rule` text, then each `--rules` file's lines. Fails on the first
/// rule that does not parse (naming the option or the file, the line and column, with the rule and a caret under
/// the place) and on a rule limited to a protocol that cannot carry out its action (a Java RMI `rewrite`, a Java
/// exception class whose serialized form is not known).
Result<std::vector<CallRule>> loadCallRules(const QStringList& rules, const QStringList& files,
                                            const DecoderRegistry& registry);

/// For rules not limited to one protocol: the protocols whose calls the rule cannot act on, one sentence each (the
/// call then goes on unchanged, and says so).
QStringList ruleWarnings(const std::vector<CallRule>& rules, const DecoderRegistry& registry);

} // namespace rpcscope
