#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <variant>
#include <vector>

namespace rpcscope {

class RpcValue;

using RpcArray = std::vector<RpcValue>;
/// Entries of a map whose keys are not all unique strings (Python dicts keyed by ints or tuples, Java maps with a
/// `null` key): the keys keep their type and wire order.
using RpcMapEntry = std::pair<RpcValue, RpcValue>;
using RpcMap = std::vector<RpcMapEntry>;
using RpcMember = std::pair<QString, RpcValue>;
/// Struct members keep their wire order; duplicate names are kept as sent.
using RpcStruct = std::vector<RpcMember>;

/// Text of an integer that does not fit 64 bits (Python ints, Java BigInteger), kept as decimal digits.
struct RpcBigInt
{
    QString digits;
    bool operator==(const RpcBigInt&) const = default;
};

/// A decimal number kept as written (Apache `ex:bigdecimal`, Java `BigDecimal`): digits, an optional point and
/// exponent. A double cannot hold it exactly, so it is never converted to one.
struct RpcDecimal
{
    QString text;
    bool operator==(const RpcDecimal&) const = default;
};

/// A date-time as it was written on the wire; `text` is authoritative, `msecsSinceEpoch` is set when it parsed.
struct RpcDateTime
{
    QString text;
    std::optional<qint64> msecsSinceEpoch;
    bool operator==(const RpcDateTime&) const = default;
};

/// A typed, protocol-independent value: what decoders fill and what encoders (composer, test server) read.
///
/// `tag()` refines the type without changing its JSON shape: `"tuple"`, `"set"` or `"list"` for Python
/// sequences, the Java class name of an object, `"i8"` for an XML-RPC 64-bit int, and so on.
class RpcValue
{
public:
    /// Struct is a map keyed by strings (XML-RPC structs, Python dicts with str keys, Java objects' fields); Map
    /// is any other map. Decimal is exact decimal text.
    enum class Type { Nil, Bool, Int, BigInt, Double, String, Bytes, DateTime, Array, Struct, Decimal, Map };

    RpcValue() = default;
    static RpcValue nil() { return RpcValue(); }
    static RpcValue fromBool(bool v) { return RpcValue(Storage(v)); }
    static RpcValue fromInt(qint64 v) { return RpcValue(Storage(v)); }
    static RpcValue fromBigInt(QString digits) { return RpcValue(Storage(RpcBigInt {std::move(digits)})); }
    static RpcValue fromDouble(double v) { return RpcValue(Storage(v)); }
    static RpcValue fromString(QString v) { return RpcValue(Storage(std::move(v))); }
    static RpcValue fromBytes(QByteArray v) { return RpcValue(Storage(std::move(v))); }
    static RpcValue fromDateTime(RpcDateTime v) { return RpcValue(Storage(std::move(v))); }
    static RpcValue fromArray(RpcArray v, QString tag = {});
    static RpcValue fromStruct(RpcStruct v, QString tag = {});
    static RpcValue fromDecimal(QString text) { return RpcValue(Storage(RpcDecimal {std::move(text)})); }
    static RpcValue fromMap(RpcMap v, QString tag = {});

    Type type() const { return static_cast<Type>(m_value.index()); }
    bool isNil() const { return type() == Type::Nil; }
    bool isArray() const { return type() == Type::Array; }
    bool isStruct() const { return type() == Type::Struct; }
    bool isString() const { return type() == Type::String; }
    bool isInt() const { return type() == Type::Int; }
    bool isMap() const { return type() == Type::Map; }

    bool toBool() const { return get<bool>(); }
    qint64 toInt() const { return get<qint64>(); }
    double toDouble() const { return get<double>(); }
    const QString& toString() const;
    const QByteArray& toBytes() const;
    const RpcBigInt& toBigInt() const;
    const RpcDateTime& toDateTime() const;
    const RpcArray& toArray() const;
    const RpcStruct& toStruct() const;
    const RpcDecimal& toDecimal() const;
    const RpcMap& toMap() const;
    RpcArray& array();
    RpcStruct& members();
    RpcMap& entries();

    /// The value of the first member called `name`, or nullptr.
    const RpcValue* member(QStringView name) const;

    const QString& tag() const { return m_tag; }
    void setTag(QString tag) { m_tag = std::move(tag); }

    /// The type's name as the user sees it in trees and lists ("int", "struct", "tuple"...).
    QString typeName() const;
    /// One-line human-readable rendering, elided past `maxChars` (for call lists and tree values).
    QString toDisplayString(int maxChars = 200) const;

    bool operator==(const RpcValue& other) const = default;

private:
    using Storage = std::variant<std::monostate, bool, qint64, RpcBigInt, double, QString, QByteArray, RpcDateTime,
                                 RpcArray, RpcStruct, RpcDecimal, RpcMap>;
    explicit RpcValue(Storage v)
        : m_value(std::move(v))
    { }
    template<typename T>
    T get() const
    {
        const T* p = std::get_if<T>(&m_value);
        return p ? *p : T {};
    }

    Storage m_value;
    QString m_tag;
};

const char* typeName(RpcValue::Type type);

/// The one text of a double everywhere it is shown (text output, JSON, trees, the GUI): the shortest digits that
/// read back as the same double, laid out as Python's repr (fixed for exponents -4..15, else scientific), so always
/// with a decimal point or an exponent and a whole double never reads as an integer (`2.0`, `1.1`, `100000.0`,
/// `1e+16`, `-0.0`); non-finite values are `NaN`, `Infinity` and `-Infinity`. With
/// `singlePrecision`, the shortest digits of the value as a 32-bit float (Java `float`: `0.1`, not
/// `0.10000000149011612`).
QByteArray formatDouble(double v, bool singlePrecision = false);

} // namespace rpcscope
