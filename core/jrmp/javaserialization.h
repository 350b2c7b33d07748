#pragma once

#include "bytecursor.h"
#include "decodelimits.h"
#include "javaobjects.h"

#include <QByteArrayView>

#include <vector>

namespace rpcscope {

/// Parses a Java Object Serialization stream (spec ch. 6) into a JavaStream without loading or knowing any class:
/// descriptors, objects with their field values (superclass first), writeObject/externalizable block-mode data,
/// arrays, strings, enums, proxies, block data, resets and exceptions, with handles resolved. Bounded by
/// DecodeLimits (depth, values, string and array sizes are checked against the remaining bytes before anything is
/// allocated), never throws and never reads out of bounds. Parsing stops at the first problem and keeps every node
/// made so far, marked incomplete, so callers can show a partial tree.
///
/// Parsing is incremental at the top level (`next()`), which is what a framer needs: a stream has no length, so
/// the end of a message is found by parsing content after content.
class JavaSerializationParser
{
public:
    /// Parses `bytes` from `start`; all offsets in the result are offsets in `bytes`. With `decodeText` false the
    /// values of strings are skipped (a framer only needs the structure).
    JavaSerializationParser(QByteArrayView bytes, qint64 start, const DecodeLimits& limits, bool decodeText = true);

    /// Reads STREAM_MAGIC and STREAM_VERSION. False (and the stream ended) if they are missing or wrong.
    bool readHeader();
    /// Parses the next top-level content. False when parsing stops instead: at the end of the bytes (Complete),
    /// before a byte that cannot start a content (Boundary), or on Truncated, Error or Opaque.
    bool next();
    /// readHeader() then next() until it stops.
    void parseAll();

    const JavaStream& stream() const { return m_s; }
    JavaStream takeStream() { return std::move(m_s); }
    /// Offset of the next unparsed byte.
    qint64 pos() const { return m_c.pos(); }
    bool stopped() const { return m_stopped; }

    /// Convenience: parses a whole stream starting at `start`.
    static JavaStream parse(QByteArrayView bytes, qint64 start, const DecodeLimits& limits);

private:
    enum class Where { TopLevel, Annotation, Value };

    int readContent(int depth, Where where);
    int readReference();
    int readClassDesc(int depth, int& resolved);
    int readNewClassDesc(int depth);
    int readNewObject(int depth);
    int readNewString();
    int readNewArray(int depth);
    int readNewClass(int depth);
    int readNewEnum(int depth);
    int readException(int depth);
    int readBlockData();
    int readTypeString(int depth);
    void readClassData(int object, int depth);
    void readAnnotation(int depth, std::vector<int>& out, qint64& end);
    void readExternalV1(int desc, JavaClassData& data);
    bool readUtf(QString& out);
    void invalidString(qint64 at);

    int newNode(JavaKind kind);
    JavaNode& n(int id) { return m_s.nodes[static_cast<std::size_t>(id)]; }
    void assignHandle(int id);
    void finish(int id);
    bool checkRead(const char* what);
    void truncated(const QString& what);
    void fail(const QString& text, qint64 at);

    QByteArrayView m_bytes;
    ByteCursor m_c;
    DecodeLimits m_limits;
    bool m_decodeText;
    int m_maxDepth;
    JavaStream m_s;
    std::vector<int> m_handles;
    bool m_stopped = false;
    /// A TC_EXCEPTION was read inside an object: unwind to the top level.
    bool m_aborted = false;
    bool halted() const { return m_stopped || m_aborted; }
};

} // namespace rpcscope
