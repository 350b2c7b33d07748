#pragma once

#include "message.h"

#include <QString>

namespace rpcscope {

/// The text form of a message for the raw text pane: HTTP headers then the body (XML pretty-printed), the header
/// fields and the serpent/JSON payload of a Pyro4 message, or, for binary formats, the printable runs of bytes.
/// Reads the decode tree when there is one (to find a payload), otherwise only the bytes.
class MessageText
{
public:
    /// Very large bodies are cut here, with a note saying how much was left out.
    static constexpr qsizetype kMaxBytes = 2 * 1024 * 1024;

    static QString render(const DecodedMessage& message);

    /// `xml` re-indented two spaces per level; text content is kept as sent. Empty (with `error` set) when the
    /// XML is not well formed or declares a DOCTYPE (never expanded here).
    static QString prettyXml(QByteArrayView xml, QString* error = nullptr);
    /// Whether `bytes` read as text: valid UTF-8 with few control characters.
    static bool looksLikeText(QByteArrayView bytes);
    /// Printable ASCII runs of at least `minRun` characters, one per line, prefixed by their offset.
    static QString printableRuns(QByteArrayView bytes, int minRun = 4);
};

} // namespace rpcscope
