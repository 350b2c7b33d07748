// Fuzz target: the Java Object Serialization parser, then the tree and value builders over what it parsed. The
// values must be JSON a reader takes (no placeholder text where a number goes), and whatever the converter cuts
// must be a truncation problem (the bytes of a MarshalledObject that are no stream may be malformed).

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "jrmp/javaserialization.h"
#include "jrmp/javatree.h"
#include "jrmp/javavalues.h"
#include "jsonsyntax.h"
#include "jsonwriter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    const QByteArray bytes = fuzz::asView(data, size).toByteArray();
    // Smaller budgets than the defaults: every input decodes in milliseconds, and the cuts are reached often.
    DecodeLimits limits;
    limits.maxValues = 200000;
    limits.maxMessageBytes = 1 << 20;
    const JavaStream stream = JavaSerializationParser::parse(bytes, 0, limits);
    const JavaTreeBuilder builder(stream, bytes);
    DecodeNode root;
    if (stream.headerOk)
        builder.addStreamHeader(root);
    for (int id : stream.contents)
        root.children.push_back(builder.build(id, QStringLiteral("content")));
    fuzz::checkTree(root, {bytes});
    JavaValueConverter converter(stream, bytes, limits);
    const RpcValue values = converter.values(stream.contents);
    for (const Problem& p : converter.problems()) {
        // Cuts are truncations; only the bytes of a MarshalledObject (a stream inside the stream) can be malformed
        // or read leniently on their own.
        const bool marshalled = p.text.contains(QLatin1String("MarshalledObject"));
        if (p.text.isEmpty() || (p.kind != Problem::Kind::Truncated && !marshalled))
            fuzz::fail("a value cut without a truncation problem:", p.text);
    }
    QByteArray json;
    JsonWriter writer(json);
    writeRpcValue(writer, values);
    if (!fuzz::isJson(json))
        fuzz::fail("the values are not JSON:", QString::fromUtf8(json.left(300)));
    return 0;
}
