#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <utility>
#include <vector>

namespace rpcscope::http {

using HeaderList = std::vector<std::pair<QByteArray, QByteArray>>;

/// Writes an HTTP/1.1 request: request line, `fields` in order, Content-Length, an empty line and `body`. Fails
/// when a field, the method or the target would break the message (line ends, spaces in the target).
Result<QByteArray> writeRequest(QByteArrayView method, QByteArrayView target, const HeaderList& fields,
                                QByteArrayView body);
/// Writes an HTTP/1.1 response with `status`, its standard reason phrase, `fields`, Content-Length and `body`.
Result<QByteArray> writeResponse(int status, const HeaderList& fields, QByteArrayView body);
/// "OK", "Not Found"...; empty for codes without a standard phrase.
QByteArray reasonPhrase(int status);

} // namespace rpcscope::http
