#pragma once

#include "rpcvalue.h"

#include <QByteArrayView>

#include <optional>

namespace rpcscope {

/// Python ints of any size as RpcValues: an Int when the value fits 64 bits, otherwise an RpcBigInt holding its
/// decimal digits. The readers of serpent, marshal, pickle and msgpack all meet integers wider than 64 bits.
class PyIntegers
{
public:
    /// Most decimal digits we render; Python itself refuses to print more than 4300 (sys.int_info).
    static constexpr int kMaxDecimalDigits = 20000;

    /// Decimal digit text (optional leading '-', digits only) to a value. Leading zeros are dropped.
    static RpcValue fromDecimal(QByteArrayView digits, bool negative);
    /// Digits in `base` (2..36, most significant first, no prefix, no underscores). Empty if a digit is invalid or
    /// the number has more than kMaxDecimalDigits digits.
    static std::optional<RpcValue> fromDigits(QByteArrayView digits, int base, bool negative);
    /// Little-endian two's-complement bytes (pickle LONG1/LONG4). Empty if too large.
    static std::optional<RpcValue> fromTwosComplementLE(QByteArrayView bytes);
    /// Magnitude given as base-2^15 digits, least significant first (marshal TYPE_LONG). Empty if too large.
    static std::optional<RpcValue> fromMarshalDigits(const quint16* digits, qsizetype count, bool negative);
    /// The value negated (Int, BigInt); other types are returned unchanged.
    static RpcValue negate(const RpcValue& value);
};

} // namespace rpcscope
