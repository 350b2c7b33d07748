#pragma once

#include "rpcvalue.h"

#include <QByteArray>
#include <QStringView>
#include <QVarLengthArray>

#include <cstring>

namespace rpcscope {

/// Streaming JSON writer appending compact UTF-8 to a byte array: commas and nesting are tracked, strings are
/// escaped while they are copied (no temporary UTF-8 conversion per string).
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray& out)
        : m_out(out)
    { }

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(QLatin1StringView name);
    void key(QStringView name);
    void null();
    void boolean(bool v);
    void integer(qint64 v);
    /// A double as a JSON number that stays a double: the shortest text that reads back as the same value, with a
    /// decimal point or exponent (`2.0`, not `2`). Non-finite values, which JSON has no number for, become
    /// `{"double": "NaN"}`, `{"double": "Infinity"}` or `{"double": "-Infinity"}`.
    void number(double v, bool singlePrecision = false);
    /// A number with a fixed count of decimals (timestamps).
    void fixed(double v, int decimals);
    /// Integer digits passed through as a JSON number (big integers).
    void rawNumber(QByteArrayView digits);
    void string(QStringView v);
    void string(QLatin1StringView v);

private:
    /// Whether the next value needs a comma before it; notes that it is written.
    bool takeComma();
    /// Writes `n` bytes, after a comma when one is due.
    void putSeparated(const char* bytes, qsizetype n);
    /// Writes `v` as a JSON string (after a comma when `comma`), followed by a colon when it is a key.
    void escaped(QStringView v, bool comma, bool isKey);
    /// Writes ASCII character `c` at `p` as a JSON string holds it; returns the end.
    static char* escapeAscii(char* p, char32_t c);
    // Qt 6.4's QByteArray::append goes through a general insert (and append(char) is no cheaper); a line of jsonl
    // makes a few dozen short writes, so each grows the (reserved) buffer once and fills it directly.
    char* grow(qsizetype n)
    {
        const qsizetype at = m_out.size();
        m_out.resize(at + n);
        return m_out.data() + at;
    }
    void put(const char* bytes, qsizetype n) { std::memcpy(grow(n), bytes, size_t(n)); }

    QByteArray& m_out;
    QVarLengthArray<bool, 32> m_first;
    bool m_afterKey = false;
};

/// Writes a value the way the CLI's JSON documents it (HACKING.md, "Values in JSON"), so that every value reads
/// back with its type and nothing two values share collapses into one:
/// - nil `null`, booleans, strings (lone surrogates as `\udxxx` escapes), arrays (tuples, sets, lists);
/// - integers of any size as JSON integers (`7`, `123456789012345678901234567890`);
/// - doubles always with a point or exponent (`2.0`, `1e+300`), non-finite ones `{"double": "NaN"}`;
/// - exact decimals `{"decimal": "9876543210.0123456789"}`, bytes `{"base64": …}`, date-times
///   `{"datetime": "<text as sent>"}`;
/// - structs as objects when their names are unique; otherwise, and for maps with keys of any other type,
///   `{"map": [[key, value], …]}` in wire order.
/// An object with exactly one member named `double`, `decimal`, `base64`, `datetime` or `map` is always one of these
/// tagged forms: a struct that would look like one is written as a `map`.
void writeRpcValue(JsonWriter& json, const RpcValue& value);

/// True when a struct must be written as `{"map": …}`: duplicate names, or one member whose name is a tag.
bool structNeedsMapForm(const RpcStruct& members);

} // namespace rpcscope
