// Fuzz target: the jar reader behind --java-classpath: the archive's directory, then every entry inflated (with
// small budgets, so that bombs are reached often) and each .class entry parsed. An entry read is exactly the size
// its directory declares, never more than the budgets; a refusal says why.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "jrmp/jarreader.h"
#include "jrmp/javaclassfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    constexpr qint64 kEntryBudget = 1 << 20;
    constexpr qint64 kTotalBudget = 4 << 20;
    Result<JarReader> jar = JarReader::open(fuzz::asView(data, size), kTotalBudget);
    if (!jar) {
        if (jar.error().isEmpty())
            fuzz::fail("an archive refused without a reason");
        return 0;
    }
    for (std::size_t i = 0; i < jar->entries().size() && i < 256; ++i) {
        const JarReader::Entry& entry = jar->entries()[i];
        const Result<QByteArray> bytes = jar->read(i, kEntryBudget);
        if (!bytes) {
            if (!bytes.error().startsWith(entry.name + QLatin1Char(':')))
                fuzz::fail("an entry refused without its name:", bytes.error());
            continue;
        }
        if (bytes->size() != entry.size || bytes->size() > kEntryBudget)
            fuzz::fail("an entry read to another size than it declares:", entry.name);
        if (entry.name.endsWith(QLatin1String(".class"))) {
            const Result<JavaClassFile> cf = JavaClassFile::parse(*bytes);
            if (!cf && cf.error().isEmpty())
                fuzz::fail("a class file refused without a reason");
        }
    }
    if (jar->totalRead() > kTotalBudget)
        fuzz::fail("the archive inflated past its budget");
    return 0;
}
