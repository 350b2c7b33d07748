#pragma once

#include "intercept/valuepath.h"
#include "models/callfilter.h"

#include <QString>

#include <optional>
#include <vector>

namespace rpcscope {

/// What a rule does to a call it matches (see CallRule).
struct RuleAction
{
    enum class Kind : quint8 {
        Delay, ///< hold the request `delayMs` before forwarding it
        Fault, ///< answer in the server's place with a fault / exception
        Reply, ///< answer in the server's place with `value`
        Drop, ///< close the connection without an answer
        Reset, ///< abort the connection (RST)
        Rewrite, ///< put `value` at `path` in the request's arguments and forward the re-encoded request
    };
    Kind kind = Kind::Delay;
    int delayMs = 0;
    /// Fault: the code as written, an int for a number ("4"), else a string naming a class ("ValueError").
    RpcValue faultCode;
    QString faultMessage;
    /// Reply and Rewrite.
    RpcValue value;
    std::optional<ValuePath> path;

    /// "delay", "fault", "reply", "drop", "reset", "rewrite".
    static QString kindName(Kind kind);
    /// True when the server never sees the request (fault, reply, drop, reset).
    bool answersInPlace() const { return kind != Kind::Delay && kind != Kind::Rewrite; }
};

/// One rule of the proxy: `FILTER => ACTION`. FILTER is the call list's filter language (CallFilter) applied to the
/// decoded request (so `status` and `latency`, which only a reply tells, are refused); the first enabled rule that
/// matches a request acts on it:
///
///   delay DURATION           300ms, 2s, 1.5s, 250us: wait, then forward the request
///   fault CODE ["MESSAGE"]   answer with a fault: XML-RPC faultCode CODE (an int, or a string when CODE is a
///                            name) and faultString MESSAGE; Pyro an exception of class CODE (ValueError, or any
///                            dotted name; a number raises Exception); Java RMI an exception return of a JDK class
///   reply VALUE              answer with VALUE, written as the composer's arguments: 7, 2.5, "patched", true,
///                            null, [1, 2], {"n": 1}, and RpcScope's tagged forms ({"base64": "..."})
///   drop                     close the connection without an answer
///   reset                    abort the connection (the client sees a reset)
///   rewrite PATH=VALUE       change an argument before forwarding: params[0]=5, params[1].name="x",
///                            kwargs.timeout=3 (see ValuePath)
struct CallRule
{
    /// The rule as written, trimmed: what jsonl's "rule" key and the call list show.
    QString text;
    CallFilter filter;
    RuleAction action;
    bool enabled = true;
    /// Line in its rules file (from 1), 0 when it was given alone.
    int line = 0;
};

/// Why a rule did not parse: the sentence, the line (0 for a rule given alone) and the column (from 1) and width
/// of the characters it is about.
struct RuleError
{
    QString message;
    QString ruleText;
    int line = 0;
    int column = 1;
    int length = 1;

    /// "3:14: unknown action 'fualt' ..." (or "column 14: ..." without a line), then the rule and a caret line
    /// under the characters meant. `source` (a file name) is put first when given.
    QString describe(const QString& source = {}) const;
};

/// Parses one rule. `protocols` are the ids and names `protocol:` accepts (empty: any).
std::optional<CallRule> parseCallRule(const QString& text, RuleError& error,
                                      const std::vector<CallFilter::ProtocolName>& protocols = {});

/// Parses a rules file: one rule per line; blank lines and lines starting with `#` are skipped. Stops at the first
/// rule that does not parse.
std::optional<std::vector<CallRule>> parseCallRules(const QString& text, RuleError& error,
                                                    const std::vector<CallFilter::ProtocolName>& protocols = {});

/// Rules in order; the first enabled rule whose filter matches a request wins. Immutable once made, so the proxy
/// can share one set between connections while the GUI edits the next.
class CallRuleSet
{
public:
    CallRuleSet() = default;
    explicit CallRuleSet(std::vector<CallRule> rules);

    /// The first enabled rule matching `request`, or null.
    const CallRule* match(const CallFilter::Facts& request) const;
    const std::vector<CallRule>& rules() const { return m_rules; }
    bool empty() const { return m_enabled == 0; }
    /// True when some enabled rule looks at the arguments (params terms): the caller then passes them in Facts.
    bool needsParams() const { return m_needsParams; }

private:
    std::vector<CallRule> m_rules;
    int m_enabled = 0;
    bool m_needsParams = false;
};

} // namespace rpcscope
