#pragma once
// Helpers shared by the JRMP decoder's tests (tst_jrmpdecoder, tst_jrmpmalformed): decoding one message, its
// problems as text, and the check that every node's bytes lie inside the message and its parent.
#include "jrmp/javamethodtable.h"
#include "jrmp/jrmpdecoder.h"
#include "jrmptestdata.h"
#include "jsonwriter.h"

namespace rpcscope::test {

inline const QByteArray kLookupCall = hex("50 aced0005 7722 0000000000000000 00000000 0000000000000000 0000 00000002 "
                                          "44154dc9d4e63bdf 740005 48656c6c6f");

inline QString json(const RpcValue& v)
{
    QByteArray out;
    JsonWriter w(out);
    writeRpcValue(w, v);
    return QString::fromUtf8(out);
}

inline DecodedMessage decode(const QByteArray& bytes, Direction dir, const DecodedMessage* request = nullptr,
                             std::shared_ptr<const JavaMethodTable> table = {}, bool tree = true)
{
    static const JrmpDecoder decoder;
    DecodeOptions options;
    options.buildTree = tree;
    options.javaMethods = std::move(table);
    DecodeContext context;
    context.direction = dir;
    context.options = &options;
    context.request = request;
    return decoder.decode(bytes, context);
}

inline std::shared_ptr<const JavaMethodTable> helloTable()
{
    const auto t = JavaMethodTable::fromFile(test::dataPath(QStringLiteral("jrmp/hello.signatures")));
    return t.ok() ? *t : nullptr;
}

// The n-th call and return on the client's connection to the Hello object (test::objectcall).
inline QByteArray objectCall(int n)
{
    return test::helloCall(test::kObjectPort, 1, n);
}
inline QByteArray objectReturn(int n)
{
    return test::helloReturn(test::kObjectPort, 1, n);
}

inline QStringList problems(const DecodedMessage& m)
{
    QStringList out;
    for (const Problem& p : m.problems)
        out << QStringLiteral("%1 @%2").arg(p.text).arg(p.offset);
    return out;
}

// Every node with bytes lies inside the message and inside its parent.
inline void checkRanges(const DecodeNode& node, qint64 size, const DecodeNode* parent, QStringList& bad)
{
    if (node.hasBytes()) {
        if (node.length < 0 || node.end() > size)
            bad << node.name;
        if (parent && parent->hasBytes() && (node.offset < parent->offset || node.end() > parent->end()))
            bad << node.name + QStringLiteral(" outside ") + parent->name;
    }
    for (const DecodeNode& c : node.children)
        checkRanges(c, size, node.hasBytes() ? &node : parent, bad);
}

} // namespace rpcscope::test
