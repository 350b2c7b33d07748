#pragma once

#include "decodelimits.h"
#include "decodenode.h"
#include "message.h"
#include "result.h"
#include "rpcvalue.h"

#include <QByteArrayView>

#include <optional>
#include <vector>

namespace rpcscope {

/// What an XML-RPC body says: a call (method and params), a result, or a fault.
struct XmlRpcBody
{
    enum class Kind { None, Call, Response };
    Kind kind = Kind::None;
    QString method;
    RpcArray params;
    RpcValue result;
    std::optional<RpcFault> fault;
};

/// Where the XML being read lies in a decoded message: node ranges and problem offsets are given in
/// `buffer`, shifted by `baseOffset` (the body's position there).
struct XmlRpcReadOptions
{
    DecodeLimits limits;
    int buffer = 0;
    qint64 baseOffset = 0;
};

/// Reads XML-RPC bodies (`<methodCall>`, `<methodResponse>`) with pugixml into values and, on request, decode
/// trees. Never expands entities: a DOCTYPE is refused before the parser runs. Depth and value counts are bounded
/// by `DecodeLimits`. Everything readable is read; each problem names its byte offset.
class XmlRpcReader
{
public:
    /// For the composer and the test server: the body's call or response, or the first problem as the error.
    /// Declared encodings other than UTF-8 (ISO-8859-1...) are converted first.
    static Result<XmlRpcBody> parseBody(QByteArrayView xml, const DecodeLimits& limits = {});

    /// For the decoder: `xml` must be UTF-8 (see `toUtf8`). Problems are appended to `problems`; with a `parent`
    /// node, the XML's nodes (declaration, methodCall/methodResponse and everything under it, error nodes) are
    /// added to it. Without one no tree or byte-range work is done (the bulk path).
    static XmlRpcBody read(QByteArrayView xml, const XmlRpcReadOptions& options, std::vector<Problem>& problems,
                           DecodeNode* parent);

    /// True when the XML declaration names an encoding that is not UTF-8 compatible (then `encoding` gets it).
    static bool needsConversion(QByteArrayView xml, QByteArray* encoding = nullptr);
    /// The bytes converted from `encoding` to UTF-8, or nullopt when Qt does not know that encoding.
    static std::optional<QByteArray> toUtf8(QByteArrayView xml, const QByteArray& encoding);
};

} // namespace rpcscope
