#pragma once

#include "rpcvalue.h"

#include <QByteArray>
#include <QStringView>
#include <QVarLengthArray>

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
    /// Shortest text that reads back as the same double; non-finite values become the strings "inf", "-inf", "nan".
    void number(double v);
    /// A number with a fixed count of decimals (timestamps).
    void fixed(double v, int decimals);
    /// Integer digits passed through as a JSON number (big integers).
    void rawNumber(QByteArrayView digits);
    void string(QStringView v);
    void string(QLatin1StringView v);

private:
    void separate();
    void escapeInto(QStringView v);

    QByteArray& m_out;
    QVarLengthArray<bool, 32> m_first;
    bool m_afterKey = false;
};

/// Writes a value the way the CLI's JSON documents it: int/double as numbers, boolean, string, nil as null,
/// arrays (tuples and sets too) as arrays, structs as objects, bytes as {"base64": …}, datetimes as
/// {"datetime": "<text as sent>"}, big integers as plain numbers.
void writeRpcValue(JsonWriter& json, const RpcValue& value);

} // namespace rpcscope
