#pragma once

#include "decodelimits.h"
#include "javaobjects.h"
#include "rpcvalue.h"

#include <QByteArrayView>

#include <vector>

namespace rpcscope {

/// Turns nodes of a parsed serialization stream into RpcValues for the call list and JSON:
/// - strings, primitives and boxed primitives (java.lang.Integer...) as plain values; enums as their constant
///   name; byte[] as bytes, char[] as a string, other arrays as arrays;
/// - collections as JSON arrays (ArrayList, LinkedList, HashSet, TreeSet, Vector, List.of...) and maps as JSON
///   objects keyed by the keys' text (HashMap, LinkedHashMap, TreeMap, Hashtable, ConcurrentHashMap, Map.of...),
///   read from the data their writeObject methods wrote; java.util.Date as a date-time; BigInteger as an integer,
///   BigDecimal as its decimal text; ObjID and UID as text;
/// - remote stubs as {"class": "Proxy[Hello]", "interfaces": [...], "ref": "UnicastRef2",
///   "endpoint": "host:port", "objID": "..."} plus "socketFactory" when the stub carries a client socket factory;
/// - any other object as {"class": name, "fields": {name: value...}} with the fields of the whole class chain,
///   superclass first (a field hidden by a subclass field of the same name is written "Class.field"), plus
///   "writeObject": [...] with the custom data of classes that wrote some (block data as bytes);
/// - back-references as the value they point to, except where that would loop (an object that contains itself)
///   or exceed the value budget: those become {"ref": "0x7e0002", "class": name}.
class JavaValueConverter
{
public:
    JavaValueConverter(const JavaStream& stream, QByteArrayView bytes, const DecodeLimits& limits);

    RpcValue value(int id);
    /// The values of some contents in order (block data as bytes).
    RpcValue values(const std::vector<int>& ids);
    /// True if some value was cut short because the value budget ran out.
    bool exhausted() const { return m_exhausted; }

private:
    RpcValue convert(int id, int depth);
    RpcValue object(int id, int depth);
    RpcValue generic(int id, int depth);
    RpcValue primitiveArray(const JavaNode& n);
    RpcValue refMarker(int id) const;
    bool known(int id, const QString& cls, int depth, RpcValue& out);
    RpcValue annotationObjects(const std::vector<int>& annotation, int skip, int depth, bool pairs, const QString& tag);
    QByteArrayView slice(qint64 offset, qint64 length) const;

    const JavaStream& m_s;
    QByteArrayView m_bytes;
    int m_maxDepth;
    qint64 m_budget;
    bool m_exhausted = false;
    std::vector<int> m_active;
};

} // namespace rpcscope
