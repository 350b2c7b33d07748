#pragma once

#include "message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QRegularExpression>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace rpcscope {

class CallStore;

/// Why a filter text was refused: a sentence for the user and the characters it is about.
struct FilterError
{
    QString message;
    /// Index of the first offending character in the filter text, and how many characters are meant.
    int position = 0;
    int length = 0;
};

/// The call list's filter language. Terms are separated by spaces and must all match (AND); `!` before a term
/// negates it; values with spaces go in double quotes (`\"` and `\\` inside).
///
///   free text         method, object, endpoints, protocol or status contain it, or the request or response bytes
///                     do (case-insensitive)
///   method:add        the method name contains "add" (case-insensitive); `method=add` is exactly "add"
///   object:, client:, server:   likewise for the remote object, the client and the server ("ip:port")
///   protocol:pyro4    the protocol, by id or name (xmlrpc, pyro4, jrmp, "Java RMI")
///   status:fault      ok, fault, exception, no-reply, malformed, pending, or `error` for any of the bad four
///   latency>10ms      <, <=, >, >=, = with a unit: us, ms, s; `=` means "rounds to", so latency=10ms is [9.5, 10.5)
///   params:letian     the request's arguments as the call list shows them (`["letian"]`, keyword arguments after
///                     them) contain "letian"; `params=` is exactly that text
///   method~^get_      `~` on any text field (method, object, client, server, params): a regular expression,
///                     case-insensitive, found anywhere in the text
///
/// Like QRegularExpression, a filter that fails to parse is an object that says why (`error()`).
/// Matching caches per-string verdicts keyed by the store's string ids; a filter is meant for one thread.
class CallFilter
{
public:
    enum class Field : quint8 { Text, Method, Object, Protocol, Status, Client, Server, Latency, Params };
    enum class Op : quint8 { Contains, Equals, Less, LessOrEqual, Greater, GreaterOrEqual, Matches };

    /// The protocols the filter accepts in `protocol:` terms (from the decoder registry).
    struct ProtocolName
    {
        QString id;
        QString displayName;
    };

    struct Term
    {
        Field field = Field::Text;
        Op op = Op::Contains;
        bool negated = false;
        /// The text looked for; for `protocol:` the protocol id.
        QString value;
        /// Latency bounds in milliseconds: `low` for < <= > >=, [low, high) for =.
        double low = 0;
        double high = 0;
        /// For status terms, one bit per CallStatus.
        unsigned statusMask = 0;
        /// For `~` terms, the compiled expression (case-insensitive).
        QRegularExpression regex;
        /// Where the term is in the filter text.
        int position = 0;
        int length = 0;
    };

    /// A filter that matches every call.
    CallFilter() = default;
    static CallFilter parse(const QString& text, const std::vector<ProtocolName>& protocols = {});

    bool isValid() const { return !m_error.has_value(); }
    const std::optional<FilterError>& error() const { return m_error; }
    bool isEmpty() const { return m_terms.empty(); }
    const QString& text() const { return m_text; }
    const std::vector<Term>& terms() const { return m_terms; }

    /// Whether the call at `row` of `store` passes every term. An invalid or empty filter matches everything.
    bool matches(const CallStore& store, int row) const;

    /// A call, or a request still on its way, as plain facts: what the proxy's rules match without a store.
    struct Facts
    {
        QString protocol;
        QString method;
        QString object;
        QString client;
        QString server;
        CallStatus status = CallStatus::Pending;
        /// Negative: no reply (yet).
        double latencyMs = -1;
        /// The arguments, as `paramsText` writes them; null when none were decoded.
        const RpcValue* params = nullptr;
        const RpcValue* kwargs = nullptr;
        QByteArrayView requestBytes;
        QByteArrayView responseBytes;
        /// `paramsText` of the arguments, made by the first params term that needs it.
        mutable std::optional<QString> paramsTextCache;
    };
    /// Whether `facts` pass every term (an invalid or empty filter matches everything).
    bool matches(const Facts& facts) const;
    /// True when a term looks at `field`.
    bool uses(Field field) const;

    /// The text `params:` terms look at: the arguments as the call list shows them (`[3, 4]`), then the keyword
    /// arguments when there are any (`["x"] {"timeout": 3}`).
    static QString paramsText(const RpcValue& params, const RpcValue& kwargs);

private:
    struct Compiled
    {
        /// Per string id: 0 = not decided yet, 1 = no, 2 = yes.
        std::vector<quint8> verdicts;
        /// Free text as lower-case UTF-8 and its Horspool shift table, for searching message bytes.
        QByteArray needle;
        std::array<quint32, 256> shift {};
        /// `~` terms: the literal text every match starts with (anchoredLiteralPrefix), checked before the
        /// expression runs.
        QString regexPrefix;
        /// `matches(Facts)` on method, object, client and server: the last text and its verdict, as the same
        /// names come call after call.
        QString lastText;
        bool lastVerdict = false;
        bool hasLast = false;
        /// Message bytes read back from the store's spill for a free-text search, reused call after call.
        QByteArray bytes;
    };

    bool matchTerm(const Term& term, Compiled& compiled, const CallStore& store, int row) const;
    bool stringMatches(const Term& term, Compiled& compiled, const CallStore& store, quint32 id) const;
    bool matchFact(const Term& term, Compiled& compiled, const Facts& facts) const;
    void prepare(const CallStore& store) const;
    void prepareNeedles() const;
    static void compileTerm(const Term& term, Compiled& compiled);

    QString m_text;
    std::vector<Term> m_terms;
    std::optional<FilterError> m_error;
    mutable std::vector<Compiled> m_compiled;
    /// Needles of the free-text terms for `matches(Facts)`, made once (no store involved).
    mutable std::vector<Compiled> m_factNeedles;
    mutable const CallStore* m_cacheStore = nullptr;
    mutable quint64 m_cacheGeneration = 0;
};

} // namespace rpcscope
