#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace rpcscope::xmlrpc {

/// Text of a scalar without the blanks (space, tab, CR, LF) around it.
QByteArrayView trimmedXml(QByteArrayView text);

struct IntText
{
    enum class Status { Ok, TooBig, Bad };
    Status status = Status::Bad;
    qint64 value = 0;
    /// For TooBig: the digits with their sign, as a big integer's text.
    QByteArray digits;
};
/// An XML-RPC integer (`int`, `i4`, `i8`, `ex:i1`...): optional sign and decimal digits, blanks around allowed.
IntText parseInteger(QByteArrayView text);

/// `0`/`1`, and leniently `true`/`false` (some libraries write them); nullopt for anything else.
std::optional<bool> parseBoolean(QByteArrayView text);

/// A decimal double; exponents and inf/nan are accepted because Python writes them.
std::optional<double> parseDouble(QByteArrayView text);

/// Milliseconds since the epoch for the ISO 8601 forms seen in XML-RPC: `19980717T14:08:55` (the spec's),
/// dashed dates, optional colons, fractional seconds, `Z` or a numeric zone, and date-only forms. A time without a
/// zone is taken as UTC. nullopt if the text is none of these or names an impossible date.
std::optional<qint64> parseDateTime(QByteArrayView text);

/// Base64 with any whitespace ignored (Python breaks lines every 76 characters); nullopt when it is not base64.
std::optional<QByteArray> decodeBase64(QByteArrayView text);

/// The shortest text that reads back as `v` ("2.5", "1e+100", "inf"); integral values get ".0" like Python.
QByteArray formatDouble(double v);

/// `YYYYMMDDTHH:MM:SS` (UTC), the spec's form, for milliseconds since the epoch.
QByteArray formatDateTime(qint64 msecsSinceEpoch);

} // namespace rpcscope::xmlrpc
