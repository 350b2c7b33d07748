#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace rpcscope {

/// Constants of the Java Object Serialization stream protocol (spec ch. 6.4.2).
namespace javastream {
constexpr quint16 kMagic = 0xACED;
constexpr quint16 kVersion = 5;
constexpr qint32 kBaseWireHandle = 0x7E0000;

constexpr quint8 TC_NULL = 0x70;
constexpr quint8 TC_REFERENCE = 0x71;
constexpr quint8 TC_CLASSDESC = 0x72;
constexpr quint8 TC_OBJECT = 0x73;
constexpr quint8 TC_STRING = 0x74;
constexpr quint8 TC_ARRAY = 0x75;
constexpr quint8 TC_CLASS = 0x76;
constexpr quint8 TC_BLOCKDATA = 0x77;
constexpr quint8 TC_ENDBLOCKDATA = 0x78;
constexpr quint8 TC_RESET = 0x79;
constexpr quint8 TC_BLOCKDATALONG = 0x7A;
constexpr quint8 TC_EXCEPTION = 0x7B;
constexpr quint8 TC_LONGSTRING = 0x7C;
constexpr quint8 TC_PROXYCLASSDESC = 0x7D;
constexpr quint8 TC_ENUM = 0x7E;

constexpr quint8 SC_WRITE_METHOD = 0x01;
constexpr quint8 SC_SERIALIZABLE = 0x02;
constexpr quint8 SC_EXTERNALIZABLE = 0x04;
constexpr quint8 SC_BLOCK_DATA = 0x08;
constexpr quint8 SC_ENUM = 0x10;

/// True for the bytes that can start a content (TC_NULL .. TC_ENUM).
inline bool isTypeCode(int byte)
{
    return byte >= TC_NULL && byte <= TC_ENUM;
}
/// "TC_STRING" for 0x74, or "0x.." for other bytes.
QString typeCodeName(int byte);
/// "SC_WRITE_METHOD | SC_SERIALIZABLE" for 0x03.
QString flagNames(quint8 flags);
} // namespace javastream

/// What a node of a parsed serialization stream is.
enum class JavaKind : quint8 {
    Null,
    Reference,
    Object,
    Class,
    Array,
    String,
    Enum,
    ClassDesc,
    ProxyClassDesc,
    BlockData,
    Reset,
    Exception,
    Primitive,
};

/// One field of a class descriptor.
struct JavaFieldDesc
{
    /// B C D F I J S Z for primitives, L for objects, [ for arrays.
    char code = 0;
    QString name;
    /// For L and [: the field's type as a JVM type string ("Ljava/lang/String;"); empty for primitives.
    QString typeName;
    /// The node holding `typeName` (a String or a Reference to one), -1 for primitives.
    int typeNode = -1;
    /// The field descriptor's bytes (type code, name and type string).
    qint64 offset = 0;
    qint64 length = 0;
    /// Bytes of the field name as written (2-byte length plus modified UTF-8).
    qint64 nameOffset = 0;
};

/// The data one class of an object's class chain wrote (superclass first in JavaNode::classData).
struct JavaClassData
{
    /// The class descriptor node (ClassDesc or ProxyClassDesc) this data belongs to.
    int desc = -1;
    /// One node per field of the descriptor, in descriptor order (primitives as Primitive nodes). Shorter than the
    /// field list when the stream ended or failed inside.
    std::vector<int> values;
    /// writeObject / writeExternal data (SC_WRITE_METHOD, or externalizable in block mode): contents before
    /// TC_ENDBLOCKDATA.
    bool hasAnnotation = false;
    std::vector<int> annotation;
    /// Offset of the closing TC_ENDBLOCKDATA, -1 if it was not reached.
    qint64 annotationEnd = -1;
    /// Externalizable data in protocol version 1: not self-delimiting, so parsing stopped here.
    bool opaque = false;
    /// Externalizable data in protocol version 1 of a class whose layout is known (java.time.Ser): its bytes, read
    /// without block markers; -1 when there are none.
    qint64 externalOffset = -1;
    qint64 externalLength = 0;
    qint64 offset = 0;
    qint64 length = 0;
};

/// The details of a class descriptor (ClassDesc or ProxyClassDesc node), kept apart from JavaNode so that the
/// many value nodes of a stream stay small.
struct JavaClassDescInfo
{
    /// ClassDesc: serialVersionUID, flags and fields. A proxy descriptor is serializable with no fields.
    qint64 suid = 0;
    quint8 flags = 0;
    std::vector<JavaFieldDesc> fields;
    /// ProxyClassDesc: the interface names and the offset of each name's bytes.
    QStringList interfaces;
    std::vector<qint64> interfaceOffsets;
    /// Class annotation contents (RMI writes the codebase here), the offset of its TC_ENDBLOCKDATA (-1 if not
    /// reached), and the superclass descriptor as written and as resolved.
    std::vector<int> annotation;
    qint64 annotationEnd = -1;
    int superNode = -1;
    int superDesc = -1;
};

/// One element of a parsed stream. Byte ranges are offsets in the buffer that was parsed (the whole message).
/// Members are ordered by size to keep the node small: a stream of many values has one node per value.
struct JavaNode
{
    /// The content's bytes, from its type code to its last byte (as far as parsing got).
    qint64 offset = 0;
    qint64 length = 0;
    /// String: bytes of the length field (2 for TC_STRING, 8 for TC_LONGSTRING). ClassDesc: offset of the name.
    qint64 aux = 0;
    /// Primitive arrays keep their elements as bytes at `dataOffset`; BlockData has `dataLength` bytes there.
    qint64 dataOffset = 0;
    qint64 dataLength = 0;

    /// String: the text. ClassDesc: the class name. Enum: the constant name.
    QString text;
    /// Object: per class, superclass first.
    std::vector<JavaClassData> classData;
    /// Array of objects: element nodes. Enum: [constant name node]. Exception: [throwable].
    std::vector<int> children;

    /// Index in the handle table (wire handle = 0x7E0000 + handle), -1 when the node takes no handle.
    qint32 handle = -1;
    /// Reference: the raw handle read from the wire and the node it refers to (-1 if unknown).
    qint32 wireHandle = 0;
    int target = -1;
    /// Object, Array, Enum, Class: the class descriptor as written (a ClassDesc, ProxyClassDesc, Reference or Null
    /// node) and the descriptor it resolves to (-1 if none).
    int descNode = -1;
    int desc = -1;
    /// Array: the declared size.
    qint32 size = 0;
    /// ClassDesc, ProxyClassDesc: index of the descriptor's details in JavaStream::descs.
    int info = -1;

    JavaKind kind = JavaKind::Null;
    /// Parsing stopped inside this node; its data is partial.
    bool incomplete = false;
    /// String: the bytes are not valid modified UTF-8 (a Java reader refuses them); the text has U+FFFD there.
    bool invalidText = false;
    /// Primitive: type code (the value's bytes are offset/length). Array: element type code.
    char code = 0;
};

/// A parsed Java Object Serialization stream: all nodes, the top-level contents in order, and how parsing ended.
struct JavaStream
{
    enum class End {
        Complete, ///< every byte given was parsed
        Boundary, ///< stopped before a byte that cannot start a content (the next message)
        Truncated, ///< the bytes ended inside a content
        Error, ///< the bytes do not follow the grammar, or a limit was hit
        Opaque, ///< externalizable data of protocol version 1: it cannot be delimited without the class
    };

    std::vector<JavaNode> nodes;
    std::vector<JavaClassDescInfo> descs;
    /// Top-level contents: objects, block data records and resets.
    std::vector<int> contents;
    qint64 offset = 0;
    bool headerOk = false;
    quint16 magic = 0;
    quint16 version = 0;
    End end = End::Complete;
    /// Where parsing stopped (just past the last parsed byte, or at the failing byte).
    qint64 stopOffset = 0;
    /// For Truncated / Error / Opaque: what went wrong, for the user.
    QString error;
    /// Top-level objects abandoned because the writer aborted them with a TC_EXCEPTION inside.
    int abortedObjects = 0;
    /// Strings (values, class and field names) whose bytes are not valid modified UTF-8, and the first one's offset.
    int invalidStrings = 0;
    qint64 firstInvalidString = -1;

    const JavaNode& node(int id) const { return nodes[static_cast<std::size_t>(id)]; }
    /// The details of descriptor node `desc` (which must be a ClassDesc or ProxyClassDesc).
    const JavaClassDescInfo& descInfo(int desc) const { return descs[static_cast<std::size_t>(node(desc).info)]; }
    bool isDesc(int id) const
    {
        return valid(id) && (node(id).kind == JavaKind::ClassDesc || node(id).kind == JavaKind::ProxyClassDesc);
    }
    bool valid(int id) const { return id >= 0 && id < static_cast<int>(nodes.size()); }
    /// Follows references (bounded) to the node they name; `id` itself if it is not a reference; -1 if unresolved.
    int resolve(int id) const;
    /// A descriptor's class chain, root superclass first; stops at loops.
    std::vector<int> classChain(int desc) const;
    /// The class name of a descriptor: its name, or "Proxy[I1, I2]" for a proxy descriptor.
    QString className(int desc) const;
    /// The class name of an object, array or enum (via its descriptor), in Java source form.
    QString classOf(int id) const;
    /// The wire handle text "0x7e0003" of a node, or empty.
    static QString handleText(qint32 handle);
    /// A handle as written on the wire (0x7E0000 + index), whatever its value: hostile streams carry any 32 bits.
    static QString wireHandleText(qint32 wireHandle);
    /// The value node of field `field` declared by class `declaringClass` of an object (or by any class when
    /// `declaringClass` is empty), references resolved; -1 if absent.
    int fieldValue(int object, QStringView declaringClass, QStringView field) const;
    /// Like fieldValue() but the node as written: a Reference stays one (so that expanding it can be counted).
    int fieldNode(int object, QStringView declaringClass, QStringView field) const;
    /// The class data of `className` in an object's chain, or nullptr.
    const JavaClassData* classDataOf(int object, QStringView className) const;
    /// True if an object's class chain contains `className`.
    bool isInstanceOf(int object, QStringView className) const;
};

} // namespace rpcscope
