#pragma once

#include "decodelimits.h"
#include "decodenode.h"
#include "pyvalue.h"
#include "rpcvalue.h"

#include <QString>

#include <vector>

namespace rpcscope {

/// One object the pickle machine made (internal to PickleDisassembler). Objects live in an arena and the stack and
/// memo hold their indices, so a list appended to after it was stored elsewhere (a memo reference) is seen with
/// all its items, as in Python.
struct PickleObject
{
    enum class Kind : quint8 { Scalar, List, Tuple, Dict, Set, FrozenSet, Global, Instance };
    Kind kind = Kind::Scalar;
    RpcValue scalar;
    std::vector<int> items; ///< sequences; dicts as key, value, key, value...
    QString name; ///< Global: "module.name"; Instance: the opcode that made it
    int callable = -1;
    int args = -1;
    int kwargs = -1;
    int state = -1;
    qint64 start = 0; ///< byte range of the opcodes that made the object
    qint64 end = 0;
};

/// Turns the objects a pickle built into a value and value nodes (with the byte ranges of the opcodes that made
/// them). Shared objects are repeated, an object that contains itself becomes "<recursive reference>" (noted as a
/// cut), and depth and value counts stay within the limits: past one, building stops (a truncation, not bad data)
/// and the containers keep what was built. Objects Python's pickler writes for plain values are those values again
/// (see PickleReductions).
class PickleValueBuilder
{
public:
    PickleValueBuilder(const std::vector<PickleObject>& objects, const DecodeLimits& limits, PyNotes& notes);
    RpcValue build(int id, DecodeNode* parent, const QString& name, int depth = 0);
    const QString& error() const { return m_error; }
    qint64 errorOffset() const { return m_errorOffset; }
    /// Every error of the builder is a limit it stopped at.
    bool stoppedByLimit() const { return !m_error.isEmpty(); }

    /// "module.name" of a GLOBAL, or a placeholder for a callable computed at unpickling time.
    static QString callableName(const std::vector<PickleObject>& objects, int id);

private:
    RpcValue buildInstance(const PickleObject& o, DecodeNode* node, int depth, QString& description);
    void fail(const QString& text, qint64 pos, DecodeNode* where);

    RpcValue buildDict(const PickleObject& o, DecodeNode* node, int depth);

    const std::vector<PickleObject>& m_objs;
    const DecodeLimits& m_limits;
    PyNotes& m_notes;
    std::vector<bool> m_visiting;
    qint64 m_built = 0;
    /// Values built at most: maxValues, and far fewer when a small pickle names its objects again and again (memo
    /// references expand like "billion laughs").
    qint64 m_maxBuilt = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
};

} // namespace rpcscope
