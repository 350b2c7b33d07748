// Pickles that run code when unpickled, written by the real Python pickle module at every protocol (objects whose
// __reduce__ names os.system, subprocess.Popen, builtins.eval/exec), sent as a Pyro4 call through the whole
// pipeline: each is shown as the callable it names with its arguments, and nothing ever runs (marker files).

#include "decoderregistry.h"
#include "jsonwriter.h"
#include "pipeline.h"
#include "pyro/pyro4/pyro4header.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

// Prints one pickle per line (hex) for each callable and protocol; argv[1] is the folder for marker files.
const char kScript[] = R"py(
import os, pickle, subprocess, sys
folder = sys.argv[1]
class System:
    def __reduce__(self): return (os.system, ("touch " + os.path.join(folder, "system"),))
class Popen:
    def __reduce__(self): return (subprocess.Popen, (["touch", os.path.join(folder, "popen")],))
class Eval:
    def __reduce__(self): return (eval, ("open(%r, 'w')" % os.path.join(folder, "eval"),))
class Exec:
    def __reduce__(self): return (exec, ("open(%r, 'w')" % os.path.join(folder, "exec"),))
for cls in (System, Popen, Eval, Exec):
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
#A Pyro4 INVOKE body : (object, method, args, kwargs)
        body = pickle.dumps(("example.greeting", "get_fortune", (cls(),), {}), protocol=protocol)
        print(cls.__name__, protocol, body.hex())
)py";

QByteArray invoke(quint16 seq, const QByteArray& payload)
{
    Pyro4Header h;
    h.type = pyro4::MsgInvoke;
    h.seq = seq;
    h.dataSize = static_cast<qint32>(payload.size());
    h.serializerId = pyro4::SerPickle;
    return h.toBytes() + payload;
}

} // namespace

class TestPickleCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shownNeverRun();
};

void TestPickleCode::shownNeverRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const test::ProcessResult py = test::runPython(QString::fromLatin1(kScript), {dir.path()});
    QVERIFY2(py.exitCode == 0, py.err.constData());
    const QList<QByteArray> lines = py.out.trimmed().split('\n');
    QVERIFY(lines.size() >= 4 * 5);

    const QHash<QByteArray, QString> callables {{"System", QStringLiteral(".system")},
                                                {"Popen", QStringLiteral(".Popen")},
                                                {"Eval", QStringLiteral(".eval")},
                                                {"Exec", QStringLiteral(".exec")}};
    QByteArray stream;
    quint16 seq = 0;
    for (const QByteArray& line : lines)
        stream += invoke(++seq, QByteArray::fromHex(line.split(' ').at(2)));

    const test::PipelineOutcome out = test::runConnection(DecoderRegistry::withBuiltins(), stream, {});
    QCOMPARE(static_cast<int>(out.calls.size()), lines.size());
    for (std::size_t i = 0; i < out.calls.size(); ++i) {
        const QList<QByteArray> fields = lines[static_cast<qsizetype>(i)].split(' ');
        const Call& call = out.calls[i];
        QCOMPARE(call.method(), QStringLiteral("get_fortune"));
        const RpcValue arg = call.params().toArray().front();
        // os.system pickles as posix.system on Linux; below protocol 3 builtins become __builtin__ and
        // subprocess.Popen commands.Popen (Python 2 names): the tag names the module the pickle names.
        QVERIFY2(arg.tag().endsWith(callables.value(fields[0])),
                 qPrintable(QStringLiteral("%1 protocol %2: %3")
                                .arg(QString::fromLatin1(fields[0]), QString::fromLatin1(fields[1]), arg.tag())));
        QByteArray json;
        JsonWriter writer(json);
        writeRpcValue(writer, arg);
        QVERIFY2(json.contains(dir.path().toUtf8()), json.constData()); // the arguments are shown
    }
    QVERIFY2(QDir(dir.path()).isEmpty(), "a pickle's code ran");
}

QTEST_GUILESS_MAIN(TestPickleCode)
#include "tst_picklecode.moc"
