#pragma once

#include "message.h"
#include "result.h"
#include "rpcvalue.h"

#include <QByteArray>
#include <QString>

namespace rpcscope {

/// Writes XML-RPC bodies from values, for the composer and the test server.
///
/// Mapping: Nil → `<nil/>`; Bool → `<boolean>`; Int → `<int>` when it fits 32 bits (unless tagged "i8"), else
/// `<i8>`; BigInt → `<ex:biginteger>` (Apache's extension, which Python reads); Decimal → `<ex:bigdecimal>` with the
/// text exactly as it is; Double → `<double>` with formatDouble's text (the shortest that reads back as the same
/// double, `NaN`/`Infinity` for the values the spec cannot write); String → `<string>` with `& < >` and CR escaped;
/// Bytes →
/// `<base64>`; DateTime → `<dateTime.iso8601>` with the text as given (or `YYYYMMDDTHH:MM:SS` from the time);
/// Array → `<array><data>`; Struct → `<struct>` with members in order.
///
/// Fails, naming the place, when a string holds a character XML 1.0 cannot carry (U+0000..U+001F other than tab,
/// LF and CR; U+FFFE/U+FFFF; lone surrogates) or when nesting is deeper than `maxDepth`.
class XmlRpcWriter
{
public:
    static constexpr int kDefaultMaxDepth = 256;

    /// `<?xml version="1.0"?><methodCall>…` for `method(params…)`.
    static Result<QByteArray> writeCall(const QString& method, const RpcArray& params, int maxDepth = kDefaultMaxDepth);
    /// `<methodResponse><params><param>` holding `result`.
    static Result<QByteArray> writeResponse(const RpcValue& result, int maxDepth = kDefaultMaxDepth);
    /// `<methodResponse><fault>` with faultCode `code` (an int unless the fault says otherwise) and faultString.
    static QByteArray writeFault(const RpcFault& fault);
    static QByteArray writeFault(int code, const QString& message);

    /// Appends `<value>…</value>` for `value` to `out`; on failure `out` holds a partial value.
    static Status writeValue(const RpcValue& value, QByteArray& out, int maxDepth = kDefaultMaxDepth);
    /// Appends `text` to `out` with XML's special characters escaped; fails on characters XML cannot carry.
    static Status appendEscaped(QStringView text, QByteArray& out);
};

} // namespace rpcscope
