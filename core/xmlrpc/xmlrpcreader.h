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

namespace xmlrpc {
class WireOffsets;
struct Prolog;
} // namespace xmlrpc

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
/// `buffer`, shifted by `baseOffset` (the body's position there). When the XML is a UTF-8 copy of a body in another
/// encoding, `wire` maps its offsets back to the body's bytes first.
struct XmlRpcReadOptions
{
    DecodeLimits limits;
    int buffer = 0;
    qint64 baseOffset = 0;
    const xmlrpc::WireOffsets* wire = nullptr;
    /// The XML's prolog when it was already scanned (XmlBodyText does, to find the encoding); else it is scanned.
    const xmlrpc::Prolog* prolog = nullptr;

    /// The offset in `buffer` of offset `xmlOffset` in the XML text (-1 stays -1).
    qint64 toBuffer(qint64 xmlOffset) const;
};

/// Reads XML-RPC bodies (`<methodCall>`, `<methodResponse>`) with pugixml into values and, on request, decode
/// trees. Never expands entities: a DOCTYPE is refused before the parser runs. Depth and value counts are bounded
/// by `DecodeLimits`. Everything readable is read; each problem names its byte offset.
class XmlRpcReader
{
public:
    /// For the composer and the test server: the body's call or response, or the first malformed problem as the
    /// error (lenient readings are no error). The body is read in its encoding (see xmlrpc::XmlBodyText; UTF-16,
    /// ISO-8859-1, EUC-JP...), `httpCharset` being the Content-Type's charset parameter if there was one.
    static Result<XmlRpcBody> parseBody(QByteArrayView body, const DecodeLimits& limits = {},
                                        QByteArrayView httpCharset = {});

    /// For the decoder: `xml` must be UTF-8 (see xmlrpc::XmlBodyText). Problems, malformed and lenient, are appended
    /// to `problems`; with a `parent` node, the XML's nodes (declaration, methodCall/methodResponse and everything
    /// under it, error and note nodes) are added to it. Without one no tree or byte-range work is done (the bulk
    /// path).
    static XmlRpcBody read(QByteArrayView xml, const XmlRpcReadOptions& options, std::vector<Problem>& problems,
                           DecodeNode* parent);
};

} // namespace rpcscope
