// Fuzz target: the Java Object Serialization parser, then the tree and value builders over what it parsed.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "jrmp/javaserialization.h"
#include "jrmp/javatree.h"
#include "jrmp/javavalues.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    const QByteArray bytes = fuzz::asView(data, size).toByteArray();
    const DecodeLimits limits;
    const JavaStream stream = JavaSerializationParser::parse(bytes, 0, limits);
    const JavaTreeBuilder builder(stream, bytes);
    DecodeNode root;
    if (stream.headerOk)
        builder.addStreamHeader(root);
    for (int id : stream.contents)
        root.children.push_back(builder.build(id, QStringLiteral("content")));
    fuzz::checkTree(root, {bytes});
    JavaValueConverter converter(stream, bytes, limits);
    converter.values(stream.contents);
    return 0;
}
