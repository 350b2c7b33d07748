#pragma once

#include <QByteArrayView>
#include <QString>

namespace rpcscope::javabignumbers {

/// Decimal digits of an unsigned big-endian magnitude (java.math.BigInteger's `magnitude`), every one of them:
/// "0" for an empty or all-zero magnitude. Takes time quadratic in the length (16 KiB in about 15 ms, 64 KiB in
/// about 0.2 s of a 2020s core), so callers bound the total they convert (see conversionCost).
QString decimalDigits(QByteArrayView magnitude);
/// The work decimalDigits does for a magnitude of `bytes` bytes, in units a caller can budget (bytes squared).
qint64 conversionCost(qint64 bytes);
/// A BigDecimal's text exactly as java.math.BigDecimal.toString() writes it, from its unscaled value (decimal digits
/// with an optional '-') and its scale: "123.45", "0.00012", "1.2345E+7", "1E-10". Exact for any scale: the
/// exponent form is used where plain digits would need more than a few padding zeros.
QString bigDecimalText(const QString& unscaled, qint64 scale);

} // namespace rpcscope::javabignumbers
