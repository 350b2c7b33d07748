// Formats with back-references (Java serialization handles, the pickle memo, marshal refs) let a few bytes name
// a structure that loops or that expands to billions of values. Loops must end (shown as a reference), expansion
// must stop at the value budget, and neither may take more than 512 MiB or 60 s: every case runs in a child
// process with those bounds, decoding the value and building the tree.

#include "boundedchild.h"
#include "jrmp/javaserialization.h"
#include "jrmp/javatree.h"
#include "jrmp/javavalues.h"
#include "jsonwriter.h"
#include "pyro/marshalreader.h"
#include "pyro/pickledisassembler.h"
#include "rpcvalue.h"
#include "testsupport.h"

#include <QTest>
#include <QtEndian>

#include <functional>

using namespace rpcscope;

namespace {

constexpr qint64 kHeadroom = 512LL * 1024 * 1024;

QByteArray be32(quint32 v)
{
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}
QByteArray le32(quint32 v)
{
    QByteArray b(4, 0);
    qToLittleEndian(v, b.data());
    return b;
}

const QByteArray kJavaMagic("\xAC\xED\x00\x05", 4);
// TC_CLASSDESC "[Ljava.lang.Object;" with Object[]'s serialVersionUID, SC_SERIALIZABLE, no fields, no annotation,
// no superclass. It takes the first handle, 0x7E0000.
const QByteArray kObjectArrayDesc = QByteArray("\x72\x00\x13[Ljava.lang.Object;", 22)
    + QByteArray("\x90\xCE\x58\x9F\x10\x73\x29\x6C\x02\x00\x00\x78\x70", 13);
QByteArray javaRef(quint32 handle)
{
    return "\x71" + be32(handle);
}

QString valueJson(const RpcValue& value)
{
    QByteArray out;
    JsonWriter json(out);
    writeRpcValue(json, value);
    return QString::fromUtf8(out.left(300));
}

/// Parses a Java stream, converts its contents to values and builds their tree; describes what came out.
QString readJava(const QByteArray& bytes)
{
    const DecodeLimits limits;
    const JavaStream stream = JavaSerializationParser::parse(bytes, 0, limits);
    JavaValueConverter converter(stream, bytes, limits);
    const RpcValue values = converter.values(stream.contents);
    const JavaTreeBuilder builder(stream, bytes);
    int nodes = 0;
    for (int id : stream.contents)
        nodes += builder.build(id, QStringLiteral("content")).count();
    return QStringLiteral("error=[%1] exhausted=%2 treeNodes=%3 json=%4")
        .arg(stream.error)
        .arg(converter.exhausted())
        .arg(nodes)
        .arg(valueJson(values));
}

QString readPickle(const QByteArray& bytes)
{
    DecodeNode tree;
    const PyReadResult r = PickleDisassembler::parse(bytes, 0, DecodeLimits(), &tree);
    return QStringLiteral("error=[%1] treeNodes=%2 json=%3").arg(r.error).arg(tree.count()).arg(valueJson(r.value));
}

QString readMarshal(const QByteArray& bytes)
{
    DecodeNode tree;
    const PyReadResult r = MarshalReader::parse(bytes, 0, DecodeLimits(), &tree);
    return QStringLiteral("error=[%1] treeNodes=%2 json=%3").arg(r.error).arg(tree.count()).arg(valueJson(r.value));
}

/// `levels` nested Object[width] arrays: the first element of each defines the next level, the other elements
/// refer back to it, so the value has width^levels leaves. Level i takes handle 0x7E0001 + i.
QByteArray javaFanOut(int levels, int width)
{
    QByteArray s = kJavaMagic;
    for (int i = 0; i < levels; ++i) {
        s += '\x75';
        s += i == 0 ? kObjectArrayDesc : javaRef(0x7E0000);
        s += be32(static_cast<quint32>(width));
        if (i == levels - 1)
            s += QByteArray(width, '\x70');
    }
    for (int i = levels - 2; i >= 0; --i)
        s += javaRef(0x7E0001 + static_cast<quint32>(i) + 1).repeated(width - 1);
    return s;
}

/// Protocol 2 pickle: `levels` lists, each holding `width` references to the one before (memo fan-out).
QByteArray pickleFanOut(int levels, int width)
{
    QByteArray p("\x80\x02", 2);
    p += "](" + QByteArray(width, 'N') + "eq" + QByteArray(1, '\0');
    for (int i = 1; i < levels; ++i) {
        p += '0'; // POP the previous level off the stack; it stays in the memo
        p += "](";
        p += QByteArray(QByteArray("h") + QByteArray(1, static_cast<char>(i - 1))).repeated(width);
        p += "eq" + QByteArray(1, static_cast<char>(i));
    }
    return p + ".";
}

/// marshal: `levels` lists with FLAG_REF; the first item of each defines the next level, the others are refs to
/// it (level i has ref index i).
QByteArray marshalFanOut(int levels, int width)
{
    QByteArray m;
    for (int i = 0; i < levels; ++i) {
        m += '\xDB';
        m += le32(static_cast<quint32>(width));
        if (i == levels - 1)
            m += QByteArray(width, 'N');
    }
    for (int i = levels - 2; i >= 0; --i)
        m += QByteArray("r" + le32(static_cast<quint32>(i + 1))).repeated(width - 1);
    return m;
}

struct Case
{
    const char* name;
    std::function<QString()> run;
    QString expected;
};

std::vector<Case> cases()
{
    std::vector<Case> c;
    c.push_back({"Java: superclass descriptor is itself",
                 [] {
                     // TC_OBJECT, TC_CLASSDESC "A" (handle 0x7E0000) whose superclass is TC_REFERENCE 0x7E0000.
                     return readJava(kJavaMagic
                                     + QByteArray("\x73\x72\x00\x01"
                                                  "A",
                                                  5)
                                     + QByteArray("\x00\x00\x00\x00\x00\x00\x00\x01\x02\x00\x00\x78", 12)
                                     + javaRef(0x7E0000));
                 },
                 QStringLiteral("error=[")});
    c.push_back({"Java: object whose field holds the object",
                 [] {
                     // Class "B" with one field "Ljava/lang/Object; self"; the object (0x7E0002) sets it to itself.
                     return readJava(kJavaMagic
                                     + QByteArray("\x73\x72\x00\x01"
                                                  "B",
                                                  5)
                                     + QByteArray("\x00\x00\x00\x00\x00\x00\x00\x02\x02\x00\x01"
                                                  "L\x00\x04self",
                                                  18)
                                     + QByteArray("\x74\x00\x12Ljava/lang/Object;", 21) + QByteArray("\x78\x70", 2)
                                     + javaRef(0x7E0002));
                 },
                 QStringLiteral("0x7e0002")});
    c.push_back({"Java: array that contains itself",
                 [] { return readJava(kJavaMagic + "\x75" + kObjectArrayDesc + be32(1) + javaRef(0x7E0001)); },
                 QStringLiteral("0x7e0001")});
    c.push_back({"Java: reference to a handle never assigned", [] { return readJava(kJavaMagic + javaRef(0x7E0005)); },
                 QStringLiteral("handle")});
    c.push_back({"Java: 4 levels of 1000 back-references (10^12 leaves)", [] { return readJava(javaFanOut(4, 1000)); },
                 QStringLiteral("exhausted=1")});
    c.push_back({"Java: cycle.ser from the JDK",
                 [] { return readJava(test::readData(QStringLiteral("jrmp/serialization/cycle.ser"))); },
                 QStringLiteral("ref")});
    c.push_back({"pickle: list appended into itself",
                 [] {
                     return readPickle(QByteArray("\x80\x02]q\x00h\x00"
                                                  "a.",
                                                  9));
                 },
                 QStringLiteral("recursive")});
    c.push_back({"pickle: 4 levels of 1000 memo references (10^12 leaves)",
                 [] { return readPickle(pickleFanOut(4, 1000)); }, QStringLiteral("more than")});
    c.push_back({"marshal: list that contains itself",
                 [] { return readMarshal(QByteArray("\xDB", 1) + le32(1) + "r" + le32(0)); }, QString()});
    c.push_back({"marshal: 4 levels of 1000 refs (10^12 leaves)", [] { return readMarshal(marshalFanOut(4, 1000)); },
                 QStringLiteral("more than")});
    return c;
}

} // namespace

class TestBackReferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopsEndAndExpansionStops_data();
    void loopsEndAndExpansionStops();
};

void TestBackReferences::loopsEndAndExpansionStops_data()
{
    QTest::addColumn<int>("index");
    const std::vector<Case> all = cases();
    for (int i = 0; i < static_cast<int>(all.size()); ++i)
        QTest::addRow("%s", all[static_cast<std::size_t>(i)].name) << i;
}

void TestBackReferences::loopsEndAndExpansionStops()
{
    QFETCH(int, index);
    const Case c = cases()[static_cast<std::size_t>(index)];
    const qint64 headroom = test::underAddressSanitizer() ? 0 : kHeadroom;
    const test::BoundedResult r = test::runWithMemoryBound(headroom, c.run, 60000);
    QVERIFY2(r.completed, qPrintable(QStringLiteral("within 512 MiB and 60 s: ") + r.failure));
    qInfo().noquote() << r.output.left(500);
    if (!c.expected.isEmpty())
        QVERIFY2(r.output.contains(c.expected, Qt::CaseInsensitive), qPrintable(r.output.left(500)));
}

QTEST_GUILESS_MAIN(TestBackReferences)
#include "tst_backreferences.moc"
