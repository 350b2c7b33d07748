#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope::http {

enum class ContentCoding {
    Identity,
    Gzip, ///< gzip / x-gzip
    Deflate, ///< "deflate": zlib-wrapped per RFC 9110, but raw deflate is common too; both are accepted
    Unsupported,
};

/// The coding named by a Content-Encoding value (one coding; "identity" and an empty value mean none).
ContentCoding contentCoding(QByteArrayView headerValue);

struct InflatedBody
{
    QByteArray data;
    /// "gzip", "zlib" or "raw deflate": what the bytes turned out to be.
    QString format;
};

/// Undoes a content coding with zlib. The output never grows past `maxBytes`: a body that would inflate beyond it
/// (a zip bomb) is an error, found after at most `maxBytes` of output. Concatenated gzip members are joined.
Result<InflatedBody> inflateBody(QByteArrayView input, ContentCoding coding, qint64 maxBytes);

} // namespace rpcscope::http
