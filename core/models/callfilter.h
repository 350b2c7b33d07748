#pragma once

#include "message.h"

#include <QByteArray>
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
///
/// Like QRegularExpression, a filter that fails to parse is an object that says why (`error()`).
/// Matching caches per-string verdicts keyed by the store's string ids; a filter is meant for one thread.
class CallFilter
{
public:
    enum class Field : quint8 { Text, Method, Object, Protocol, Status, Client, Server, Latency };
    enum class Op : quint8 { Contains, Equals, Less, LessOrEqual, Greater, GreaterOrEqual };

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

private:
    struct Compiled
    {
        /// Per string id: 0 = not decided yet, 1 = no, 2 = yes.
        std::vector<quint8> verdicts;
        /// Free text as lower-case UTF-8 and its Horspool shift table, for searching message bytes.
        QByteArray needle;
        std::array<quint32, 256> shift {};
    };

    bool matchTerm(const Term& term, Compiled& compiled, const CallStore& store, int row) const;
    bool stringMatches(const Term& term, Compiled& compiled, const CallStore& store, quint32 id) const;
    void prepare(const CallStore& store) const;

    QString m_text;
    std::vector<Term> m_terms;
    std::optional<FilterError> m_error;
    mutable std::vector<Compiled> m_compiled;
    mutable const CallStore* m_cacheStore = nullptr;
    mutable quint64 m_cacheGeneration = 0;
};

} // namespace rpcscope
