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

/// `0`/`1`, and leniently `true`/`false` in any case and blanks around (some libraries write them); nullopt for
/// anything else. The caller notes every form but the exact `0` and `1`.
std::optional<bool> parseBoolean(QByteArrayView text);

/// A double read from decimal text, and what about its form the spec does not allow.
struct DoubleText
{
    std::optional<double> value;
    bool exponent = false; ///< written with an exponent (Python writes 1e+300)
    bool nonFinite = false; ///< inf, infinity or nan (Python writes them; the spec has none)
    bool outOfRange = false; ///< beyond the type's range: read as ±infinity or (signed) zero, as Python does
};
/// A decimal double (or, with `singlePrecision`, a 32-bit float rounded once from the text, as Java's
/// Float.parseFloat does); blanks around and a leading '+' are accepted.
DoubleText parseDouble(QByteArrayView text, bool singlePrecision = false);

/// True for decimal text as Java's BigDecimal writes and reads it: an optional sign, digits with an optional point
/// (at least one digit), and an optional exponent (`9876543210.0123456789`, `-1E+3`).
bool isDecimalText(QByteArrayView text);

/// True for exactly the spec's dateTime form, `YYYYMMDDTHH:MM:SS` (`19980717T14:08:55`).
bool isSpecDateTime(QByteArrayView text);

/// Milliseconds since the epoch for the ISO 8601 forms seen in XML-RPC: `19980717T14:08:55` (the spec's),
/// dashed dates, optional colons, fractional seconds, `Z` or a numeric zone, and date-only forms. A time without a
/// zone is taken as UTC. nullopt if the text is none of these or names an impossible date.
std::optional<qint64> parseDateTime(QByteArrayView text);

/// Base64 with any whitespace ignored (Python breaks lines every 76 characters); nullopt when it is not base64.
/// Missing `=` padding is accepted and reported through `unpadded` (Python's reader refuses it).
std::optional<QByteArray> decodeBase64(QByteArrayView text, bool* unpadded = nullptr);

/// `YYYYMMDDTHH:MM:SS` (UTC), the spec's form, for milliseconds since the epoch.
QByteArray formatDateTime(qint64 msecsSinceEpoch);

} // namespace rpcscope::xmlrpc
