#pragma once

#include "javablockreader.h"
#include "javaobjects.h"
#include "javatree.h"
#include "javatype.h"
#include "javavalues.h"
#include "protocoldecoder.h"
#include "rmiobjid.h"

#include <QByteArray>

#include <unordered_map>
#include <vector>

namespace rpcscope {

/// The serialization stream of one JRMP Call or Return (everything after the message type byte), read the way
/// RMI reads it: primitives from block data, objects in between. Each read records where the value lay, and
/// `finish()` builds the tree in wire order: stream header, each block record with the fields read from it, each
/// object under the name it was read as.
class JrmpPayload
{
public:
    JrmpPayload(const QByteArray& message, const DecodeContext& context);

    const JavaStream& stream() const { return m_stream; }
    bool headerOk() const { return m_stream.headerOk; }
    bool buildTree() const { return m_buildTree; }
    /// Primitive bytes left in the current run of block data.
    qint64 blockRemaining() const { return m_reader.blockRemaining(); }
    /// The next object, if one comes next (no primitive data pending); -1 otherwise.
    int peekObject() const { return m_reader.peekObject(); }
    bool atEnd() const { return m_reader.atEnd(); }
    /// Offset of the next unread value (primitive byte or content), for problems about missing values.
    qint64 pos() const
    {
        const qint64 at = m_reader.pos();
        return at >= 0 ? at : m_stream.stopOffset;
    }
    JavaValueConverter& values() { return m_values; }

    /// Reads a primitive of type `code` (B C D F I J S Z) and records it as a node; false if the block data has
    /// too few bytes (nothing is consumed then).
    bool readPrimitive(char code, const QString& name, const QString& description, RpcValue* value = nullptr,
                       QString* text = nullptr);
    bool readInt(const QString& name, const QString& description, qint32& v, const QString& shown = {});
    bool readLong(const QString& name, const QString& description, qint64& v, const QString& shown = {});
    bool readUid(const QString& name, const QString& description, RmiUid& uid);
    bool readObjId(const QString& name, const QString& description, RmiObjId& id);
    /// A value of `type`: a primitive from block data, or the next object. False if it is not there.
    bool readValue(const JavaType& type, const QString& name, const QString& description, RpcValue& value);
    /// The next object (its value in `value`), recorded under `name`; -1 if no object comes next.
    int readObject(const QString& name, const QString& description, RpcValue& value);
    /// All that is left, in order: each run of unread primitive data as one bytes value, each object as its value.
    /// Nodes are named `prefix[first]`, `prefix[first+1]`... `rawDescription` explains the primitive data.
    void readRest(const QString& prefix, int first, const QString& rawDescription, RpcArray& values);
    /// A node added to the root after the stream's contents (a summary such as the endpoint of a returned stub).
    void addRootNode(DecodeNode node);

    /// Builds the tree under `root` (when trees are built) and records how the stream ended as problems.
    void finish(DecodedMessage& message, DecodeNode* root);

private:
    void record(DecodeNode node);

    QByteArray m_bytes;
    DecodeLimits m_limits;
    bool m_buildTree;
    JavaStream m_stream;
    JavaBlockReader m_reader;
    JavaValueConverter m_values;
    std::vector<DecodeNode> m_fields;
    std::vector<DecodeNode> m_rootNodes;
    struct Name
    {
        QString name;
        QString description;
    };
    std::unordered_map<int, Name> m_names;
};

} // namespace rpcscope
