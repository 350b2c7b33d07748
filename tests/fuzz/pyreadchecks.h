#pragma once
// What every Pyro4 payload reader's fuzz target checks: read with a tree and without, the two readings agree (the
// error, whether a limit stopped it, the notes, and the value as JSON), every value writes valid UTF-8 JSON (lone
// surrogates as escapes), and a cut always says so. Budgets are smaller than the defaults so that random input
// reaches the cut paths quickly.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "jsonwriter.h"
#include "pyro/pyvalue.h"

namespace rpcscope::fuzz {

inline DecodeLimits pyReaderLimits()
{
    DecodeLimits limits;
    limits.maxValues = 200000;
    limits.maxStringBytes = 4096;
    return limits;
}

template<typename Reader>
void checkPyReader(const char* name, QByteArrayView bytes, Reader read)
{
    const DecodeLimits limits = pyReaderLimits();
    DecodeNode tree;
    const PyReadResult withTree = read(bytes, limits, &tree);
    checkTree(tree, {bytes.toByteArray()});
    const PyReadResult bare = read(bytes, limits, nullptr);
    const QString where = QString::fromLatin1(name) + QStringLiteral(": ");
    if (withTree.ok() != bare.ok() || withTree.errorOffset != bare.errorOffset
        || withTree.stoppedByLimit != bare.stoppedByLimit)
        fail("reading with and without a tree disagree", where + withTree.error + QStringLiteral(" / ") + bare.error);
    if (withTree.stoppedByLimit && withTree.ok())
        fail("a reader stopped by a limit without saying which", where);
    if (withTree.notes != bare.notes)
        fail("reading with and without a tree notes different things", where);
    for (const Problem& p : withTree.notes) {
        if (p.kind == Problem::Kind::Malformed || p.text.isEmpty())
            fail("a reader's note is not a lenient reading or a cut", where + p.text);
    }
    QByteArray a;
    QByteArray b;
    JsonWriter jsonA(a);
    JsonWriter jsonB(b);
    writeRpcValue(jsonA, withTree.value);
    writeRpcValue(jsonB, bare.value);
    if (a != b)
        fail("reading with and without a tree gives different values", where + QString::fromUtf8(a.left(200)));
    if (!QByteArrayView(a).isValidUtf8())
        fail("a value's JSON is not UTF-8", where + QString::fromLatin1(a.left(200).toHex()));
}

} // namespace rpcscope::fuzz
