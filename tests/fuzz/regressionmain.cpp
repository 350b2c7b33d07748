// main() of a regression runner: the same LLVMFuzzerTestOneInput a libFuzzer target has, replayed over files
// (crashes found by fuzzing, kept in tests/data/regress/<target>/, and fixtures). Built with the normal compiler, so
// CI replays every input that ever crashed; under RPCSCOPE_SANITIZE it also catches what ASan/UBSan see.
//
// With --fuzz-seconds S it then feeds mutants of those inputs for S seconds: a short, deterministic fuzz run that
// needs no clang build (CI runs it in both builds; scripts/fuzz does the long, coverage-guided runs). Mutant K is
// always the same bytes, so --mutant K reruns one alone and writes it to mutant-<K>.bin for tests/data/regress.

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

struct Input
{
    QString path;
    QByteArray bytes;
};

// Which mutant is running, for the message when a sanitizer stops the process.
long long g_currentMutant = -1;

void run(const QByteArray& bytes)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.constData()), static_cast<size_t>(bytes.size()));
}

bool load(const QString& path, std::vector<Input>& inputs)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    inputs.push_back({path, file.readAll()});
    return true;
}

// Mutant `k`: one of the inputs changed a few times by the edits fuzzers find most productive (bit flips, boundary
// bytes, lengths and counts made huge or zero, cut, duplicated or deleted ranges), chosen by a generator seeded
// with k alone.
QByteArray mutant(const std::vector<Input>& inputs, long long k)
{
    QRandomGenerator rng(static_cast<quint32>(k * 2654435761u + 17));
    QByteArray b = inputs[static_cast<std::size_t>(k % static_cast<long long>(inputs.size()))].bytes;
    const int edits = 1 + int(rng.bounded(4));
    static const char interesting[] = {'\0', '\x01', '\x7f', '\x80', '\xff', '<', '>', '"', '\n', '9'};
    for (int e = 0; e < edits; ++e) {
        const qsizetype at = b.isEmpty() ? 0 : qsizetype(rng.bounded(quint32(b.size())));
        switch (rng.bounded(7)) {
        case 0:
            if (!b.isEmpty())
                b[at] = char(b[at] ^ (1 << rng.bounded(8)));
            break;
        case 1:
            if (!b.isEmpty())
                b[at] = interesting[rng.bounded(quint32(sizeof interesting))];
            break;
        case 2: // a run of 0xff or 0x00 where a length or count may sit
            if (b.size() >= 4)
                b.replace(std::min(at, b.size() - 4), 4, QByteArray(4, rng.bounded(2) ? '\xff' : '\0'));
            break;
        case 3:
            b.truncate(at);
            break;
        case 4:
            b.remove(at, qsizetype(rng.bounded(64)) + 1);
            break;
        case 5: // duplicate a range: repeated elements, nested deeper
            if (!b.isEmpty()) {
                const qsizetype len = std::min<qsizetype>(b.size() - at, qsizetype(rng.bounded(256)) + 1);
                b.insert(at, b.mid(at, len));
            }
            break;
        default:
            b.insert(at, QByteArray::number(rng.generate() % 100000));
            break;
        }
    }
    return b;
}

// Says which mutant stopped the process (a sanitizer report, a failed invariant's abort, a crash), so that it can
// be rerun alone with --mutant.
void reportMutant()
{
    if (g_currentMutant < 0)
        return;
    char text[160];
    const int n
        = std::snprintf(text, sizeof text, "\nstopped on mutant %lld: rerun with the same inputs and --mutant %lld\n",
                        g_currentMutant, g_currentMutant);
    if (n > 0) [[maybe_unused]]
        const auto written = ::write(STDERR_FILENO, text, std::size_t(n));
}

void onFatalSignal(int signal)
{
    reportMutant();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<Input> inputs;
    double fuzzSeconds = 0;
    long long onlyMutant = -1;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QLatin1String("--fuzz-seconds") || arg == QLatin1String("--mutant")) {
            bool ok = false;
            const double value = i + 1 < argc ? QString::fromLocal8Bit(argv[++i]).toDouble(&ok) : 0;
            if (!ok || value < 0) {
                std::fprintf(stderr, "%s wants a number\n", qPrintable(arg));
                return 2;
            }
            (arg == QLatin1String("--mutant") ? void(onlyMutant = static_cast<long long>(value))
                                              : void(fuzzSeconds = value));
        } else if (QFileInfo(arg).isDir()) {
            QStringList files;
            QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
            files.sort();
            for (const QString& f : files)
                load(f, inputs);
        } else if (!load(arg, inputs)) {
            return 1;
        }
    }
    // An empty replay proves nothing: a moved or emptied input folder must fail the test, not pass it.
    if (inputs.empty()) {
        std::fprintf(stderr, "no inputs to replay\n");
        return 1;
    }
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_death_callback(reportMutant);
#endif
    for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
        std::signal(signal, onFatalSignal);
    if (onlyMutant >= 0) {
        const QByteArray bytes = mutant(inputs, onlyMutant);
        const QString name = QStringLiteral("mutant-%1.bin").arg(onlyMutant);
        QFile out(name);
        if (out.open(QIODevice::WriteOnly)) {
            out.write(bytes);
            out.close(); // before the run that may abort
        }
        std::fprintf(stderr, "mutant %lld (%lld bytes, written to %s)\n", onlyMutant,
                     static_cast<long long>(bytes.size()), qPrintable(name));
        g_currentMutant = onlyMutant;
        run(bytes);
        std::printf("mutant %lld ran without a crash\n", onlyMutant);
        return 0;
    }
    for (const Input& input : inputs) {
        std::fprintf(stderr, "replaying %s (%lld bytes)\n", qPrintable(input.path),
                     static_cast<long long>(input.bytes.size()));
        run(input.bytes);
    }
    std::printf("%zu inputs replayed without a crash\n", inputs.size());
    if (fuzzSeconds > 0) {
        QElapsedTimer timer;
        timer.start();
        long long k = 0;
        for (; timer.elapsed() < qint64(fuzzSeconds * 1000); ++k) {
            g_currentMutant = k;
            run(mutant(inputs, k));
        }
        g_currentMutant = -1;
        std::printf("%lld mutants run without a crash in %.1f s\n", k, double(timer.elapsed()) / 1000.0);
    }
    return 0;
}
