// Fuzz target: the class-file parser behind --java-classpath, then every method it read turned into a remote method
// (descriptor parsed, RMI hash computed). A parse that fails says why; one that succeeds gives methods whose
// descriptors read back as they were.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "jrmp/javaclassfile.h"
#include "jrmp/javamethodtable.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    const Result<JavaClassFile> cf = JavaClassFile::parse(fuzz::asView(data, size));
    if (!cf) {
        if (cf.error().isEmpty())
            fuzz::fail("a class file refused without a reason");
        return 0;
    }
    if (!(cf->accessFlags & JavaClassFile::kAccModule) && cf->name.isEmpty())
        fuzz::fail("a class without a name was accepted");
    for (const JavaClassFile::Method& m : cf->methods) {
        const Result<JavaMethod> method = JavaMethodTable::fromDescriptor(cf->name, m.name, m.descriptor);
        if (!method) {
            if (method.error().isEmpty())
                fuzz::fail("a method refused without a reason");
            continue;
        }
        if (method->descriptor != m.descriptor || method->name != m.name)
            fuzz::fail("a method's descriptor does not read back:",
                       m.name + m.descriptor + QStringLiteral(" vs ") + method->name + method->descriptor);
    }
    return 0;
}
