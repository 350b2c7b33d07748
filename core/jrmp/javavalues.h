#pragma once

#include "decodelimits.h"
#include "javaobjects.h"
#include "message.h"
#include "rpcvalue.h"

#include <QByteArrayView>

#include <vector>

namespace rpcscope {

/// Turns nodes of a parsed serialization stream into RpcValues for the call list and JSON:
/// - strings, primitives and boxed primitives (java.lang.Integer...) as plain values, a `float` as a double tagged
///   "float"; enums as their constant name; byte[] as bytes, char[] as a string, other arrays as arrays;
/// - the JDK's value classes as values (javascalars.h): Date and java.time values as date-times, BigInteger as an
///   integer of every digit, BigDecimal as an exact decimal, UUID, UID and ObjID as text;
/// - collections as arrays (ArrayList, LinkedList, HashSet, TreeSet, Vector, List.of, EnumSet...) and maps, read
///   from the data their writeObject methods wrote (HashMap, LinkedHashMap, TreeMap, Hashtable, ConcurrentHashMap,
///   Map.of...): as a struct when every key is a distinct java.lang.String, otherwise as a map whose keys keep their
///   type (a `null` key, `1`, `"1"` and `1L`, enum constants, objects), in wire order;
/// - remote stubs as {"class": "Proxy[Hello]", "interfaces": [...], "ref": "UnicastRef2",
///   "endpoint": "host:port", "objID": "..."} plus "socketFactory" when the stub carries a client socket factory;
/// - a java.rmi.MarshalledObject as the value serialized in its bytes (JMX sends attribute values and operation
///   arguments so), nested at most kMaxMarshalledNesting deep; JMX's ObjectName as its canonical name, a
///   CompositeData as its items, a TabularData as its rows, an Attribute and an AttributeList as {name: value};
/// - any other object as {"class": name, "fields": {name: value...}} with the fields of the whole class chain,
///   superclass first (a field hidden by a subclass field of the same name is written "Class.field"), plus
///   "writeObject": [...] with the custom data of classes that wrote some (block data as bytes), and, for an
///   Externalizable class whose data cannot be delimited, "externalData" with the rest of the message's bytes;
/// - back-references as the value they point to, except where that would loop (an object that contains itself):
///   those become {"ref": "0x7e0002", "class": name}.
///
/// Nothing is cut without saying so: the limits below leave a Truncated problem (problems()) naming them.
/// - Expanding back-references repeats bytes of the stream (each expansion costs the bytes its target took): at most
///   kRepeatFactor times the message plus kRepeatFloor bytes, and never more than `maxMessageBytes`, are repeated in
///   one message (a graph of shared paths can name 2^40 values in a few hundred bytes). References past that become
///   {"ref": ...} markers.
/// - At most `maxValues` values per message; values past it are left out (arrays end early).
/// - Back-references nest at most `maxDepth` levels; deeper ones become {"ref": ...} markers.
/// - Decimal digits of BigIntegers take time quadratic in their length: magnitudes of up to kBigIntegerDigitsBytes
///   (in total, per message) are converted; larger ones are shown as their serialized fields (signum, magnitude).
class JavaValueConverter
{
public:
    /// Bytes of BigInteger magnitude (summed per message, in the quadratic cost of conversion) written as digits.
    static constexpr qint64 kBigIntegerDigitsBytes = 64 * 1024;
    /// The budget of bytes repeated by expanding back-references: this many times the message's size...
    static constexpr qint64 kRepeatFactor = 16;
    /// ... plus this many bytes.
    static constexpr qint64 kRepeatFloor = 16 * 1024 * 1024;
    /// MarshalledObjects inside the bytes of MarshalledObjects are read this deep; deeper ones stay bytes.
    static constexpr int kMaxMarshalledNesting = 8;

    JavaValueConverter(const JavaStream& stream, QByteArrayView bytes, const DecodeLimits& limits);

    RpcValue value(int id);
    /// The values of some contents in order (block data as bytes).
    RpcValue values(const std::vector<int>& ids);
    /// What a limit or budget cut, one Truncated problem per limit (where it was first hit); the bytes of a
    /// MarshalledObject that are no complete stream are Malformed, strings in them that are not valid Lenient.
    const std::vector<Problem>& problems() const { return m_problems; }
    /// True if some value was cut short.
    bool exhausted() const { return !m_problems.empty(); }

private:
    enum class Cut { RepeatedBytes, Values, Depth, BigInteger, Marshalled };

    RpcValue convert(int id, int depth);
    RpcValue reference(const JavaNode& n, int depth);
    RpcValue object(int id, int depth);
    RpcValue generic(int id, int depth);
    RpcValue primitiveArray(const JavaNode& n);
    RpcValue refMarker(int id) const;
    bool known(int id, const QString& cls, int depth, RpcValue& out);
    bool collection(int id, const QString& cls, int depth, RpcValue& out);
    bool jmx(int id, const QString& cls, int depth, RpcValue& out);
    RpcValue marshalled(int id, int depth);
    RpcValue listOf(const std::vector<int>& elements, int depth, const QString& tag);
    RpcValue mapOf(const std::vector<int>& keysAndValues, int depth, const QString& tag);
    std::vector<int> annotationObjects(const std::vector<int>& annotation, int skip) const;
    QByteArrayView slice(qint64 offset, qint64 length) const;
    qint64 offsetOf(int id) const;
    bool takeValue(qint64 at);
    void cut(Cut which, qint64 at, qint64 detail = 0);

    const JavaStream& m_s;
    QByteArrayView m_bytes;
    DecodeLimits m_limits;
    int m_maxDepth;
    qint64 m_valuesLeft;
    qint64 m_repeatBytesLeft;
    qint64 m_bigIntegerWork;
    std::vector<int> m_active;
    std::vector<Problem> m_problems;
    bool m_cut[5] = {};
    /// How many MarshalledObjects this converter's stream lies inside.
    int m_marshalledDepth = 0;
};

} // namespace rpcscope
