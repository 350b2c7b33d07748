#include "captureloader.h"

#include "models/callentry.h"

#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "paralleltrafficdecoder.h"
#include "pcapfilesource.h"
#include "pcapngsecrets.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace rpcscope {

namespace {

// Collects finished calls and hands them to the GUI thread in batches: big enough that the list model is not
// flooded with tiny inserts, frequent enough that the list visibly fills while a large file loads.
class BatchingSink : public CallSink, public ParallelTrafficDecoder::Output
{
public:
    BatchingSink(CaptureLoader* loader, quint64 idOffset)
        : m_loader(loader)
        , m_idOffset(idOffset)
    {
        m_batch.reserve(CaptureLoader::kBatchSize);
        m_sinceFlush.start();
    }
    /// The ParallelTrafficDecoder's hook: each worker makes the entries of its calls (its own spill and texts), so
    /// the reading thread, which every call passes, only hands them on. `workers` makers are made here.
    std::function<bool(const Call&, int, CallEntry&)> entryMaker(int workers)
    {
        m_makers.clear();
        for (int i = 0; i < workers; ++i)
            m_makers.push_back(std::make_unique<CallEntryMaker>());
        return [this](const Call& call, int worker, CallEntry& entry) {
            entry = m_makers[std::size_t(worker)]->make(call);
            return true;
        };
    }
    void callFinished(Call&& call) override
    {
        call.id += m_idOffset;
        // Reduced here, so the decoded values are freed on this thread and not by the GUI thread.
        add(m_maker.make(call));
    }
    void callReady(Call&& call, QByteArray&& formatted) override
    {
        Q_UNUSED(formatted);
        callFinished(std::move(call));
    }
    void entryReady(CallEntry&& entry) override
    {
        entry.record.id += m_idOffset;
        add(std::move(entry));
    }
    void flush()
    {
        if (!m_batch.isEmpty())
            Q_EMIT m_loader->callsReady(m_batch);
        m_sent += m_batch.size();
        // The GUI thread holds the sent batch now; start a new one rather than detaching from it.
        m_batch = QList<CallEntry>();
        m_batch.reserve(CaptureLoader::kBatchSize);
        m_sinceFlush.restart();
    }
    quint64 lastId() const { return m_lastId; }

private:
    void add(CallEntry&& entry)
    {
        m_lastId = std::max(m_lastId, entry.record.id);
        m_batch.append(std::move(entry));
        // Each batch makes the list view lay out all of its rows again, so batches grow with the list: a million
        // calls arrive in a few dozen batches, not 250, while the first thousands still show at once.
        const qsizetype size = std::clamp<qsizetype>(m_sent / 8, CaptureLoader::kBatchSize, 50000);
        const qint64 wait = std::clamp<qint64>(m_sent / 1000, CaptureLoader::kBatchMilliseconds, 1000);
        if (m_batch.size() >= size || m_sinceFlush.elapsed() >= wait)
            flush();
    }

    CaptureLoader* m_loader;
    quint64 m_idOffset;
    quint64 m_lastId = 0;
    qsizetype m_sent = 0;
    QList<CallEntry> m_batch;
    /// For calls decoded on this thread (pipes, one core).
    CallEntryMaker m_maker;
    /// One per worker of a ParallelTrafficDecoder.
    std::vector<std::unique_ptr<CallEntryMaker>> m_makers;
    QElapsedTimer m_sinceFlush;
};

struct FileOutcome
{
    /// Why the file could not be read (completely); empty when it was.
    QString error;
    /// Something the user should know although calls were read (a truncated file, fragments, cut packets).
    QString warning;
};

// Reads one capture file through the capture module into `sink`. `keepGoing(bytesRead)` is called after each packet;
// when it returns false the read stops. `tls`, when given, is polled now and then for a pipe's key log.
FileOutcome readCaptureFile(const QString& path, ByteStreamSink& sink, const std::function<bool(qint64)>& keepGoing,
                            TlsDecryptingSink* tls = nullptr)
{
    auto source = PcapFileSource::open(path);
    if (!source.ok())
        return {source.error(), {}};
    PcapFileSource& file = **source;
    auto decoder = PacketDecoder::forLinkType(file.linkType());
    if (!decoder.ok())
        return {QStringLiteral("%1: %2").arg(file.displayName(), decoder.error()), {}};
    PacketProcessor processor(*decoder, sink);
    qint64 packets = 0;
    const PcapFileSource::Status status = file.readAll(processor, [&](const RawPacket& packet) {
        // Asking for the position every packet would cost more than the packet; every 256 is plenty.
        if ((++packets & 0xff) == 0) {
            if (!keepGoing(file.bytesRead()))
                file.cancel();
            if (tls)
                tls->poll(packet.ts);
        }
    });
    if (status == PcapFileSource::Status::Cancelled)
        return {};
    processor.finish();
    FileOutcome outcome;
    if (status == PcapFileSource::Status::Error)
        outcome.error = file.errorString();
    else if (status == PcapFileSource::Status::Truncated)
        outcome.warning = file.errorString();
    if (!processor.stats().clean()) {
        const QString problems = QStringLiteral("%1: %2").arg(file.displayName(), processor.stats().describeProblems());
        outcome.warning = outcome.warning.isEmpty() ? problems : outcome.warning + QLatin1Char('\n') + problems;
    }
    return outcome;
}

} // namespace

CaptureLoader::CaptureLoader(const DecoderRegistry& registry, DecodeOptions options, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_options(std::move(options))
{
    m_options.buildTree = false;
}

CaptureLoader::~CaptureLoader()
{
    cancel();
    wait();
}

void CaptureLoader::load(const QStringList& files)
{
    cancel();
    wait();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancelFlag = m_cancel;
    m_thread = QThread::create([this, files, keyLogs = m_tlsKeyLogs, cancelFlag] { run(files, keyLogs, cancelFlag); });
    m_thread->setObjectName(QStringLiteral("capture loader"));
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, [this, thread = m_thread] {
        if (m_thread == thread)
            m_thread = nullptr;
    });
    m_thread->start(QThread::LowPriority);
}

void CaptureLoader::setDecodeOptions(DecodeOptions options)
{
    cancel();
    wait();
    m_options = std::move(options);
    m_options.buildTree = false;
}

void CaptureLoader::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool CaptureLoader::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void CaptureLoader::wait()
{
    if (m_thread)
        m_thread->wait();
}

void CaptureLoader::run(QStringList files, QStringList keyLogs, std::shared_ptr<std::atomic_bool> cancel)
{
    TlsStats tlsStats;
    qint64 total = 0;
    for (const QString& f : files)
        total += QFileInfo(f).size();
    Q_EMIT progress(0, total);
    TrafficStats stats;
    quint64 idOffset = 0;
    qint64 doneBefore = 0;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    for (const QString& file : files) {
        if (cancel->load())
            break;
        Q_EMIT fileStarted(file);
        BatchingSink batches(this, idOffset);
        // Keys from the key-log preference and from the file's own secrets blocks; a pipe may still be written.
        TlsKeySource keys;
        for (const QString& keyLog : keyLogs) {
            if (Status added = keys.addFile(keyLog); !added)
                Q_EMIT fileWarning(keyLog, added.error());
        }
        int block = 0;
        for (const QByteArray& text : readPcapngTlsSecrets(file))
            keys.addText(text, QStringLiteral("%1 secrets block %2").arg(QFileInfo(file).fileName()).arg(++block));
        TlsDecryptingSink::Options tlsOptions;
        tlsOptions.live = !QFileInfo(file).isFile();
        tlsOptions.limits = m_options.limits;

        // A file is decoded on every core; a pipe on this thread, with its key log read again as it grows.
        const int workers = std::min(QThread::idealThreadCount(), 16);
        std::unique_ptr<ParallelTrafficDecoder> parallel;
        std::unique_ptr<OrderedCallEmitter> ordered;
        std::unique_ptr<TrafficDecoder> decoder;
        std::unique_ptr<TlsDecryptingSink> tls;
        ByteStreamSink* sink = nullptr;
        if (!tlsOptions.live && workers > 1) {
            ParallelTrafficDecoder::Options parallelOptions;
            parallelOptions.workers = workers;
            parallelOptions.tls = tlsOptions;
            parallelOptions.makeEntry = batches.entryMaker(workers);
            parallel = std::make_unique<ParallelTrafficDecoder>(m_registry, m_options, keys, parallelOptions, batches);
            sink = parallel.get();
        } else {
            ordered = std::make_unique<OrderedCallEmitter>(batches);
            decoder = std::make_unique<TrafficDecoder>(m_registry, m_options, *ordered);
            tls = std::make_unique<TlsDecryptingSink>(*decoder, keys, tlsOptions);
            sink = tls.get();
        }
        const FileOutcome outcome = readCaptureFile(
            file, *sink,
            [&](qint64 done) {
                if (sinceProgress.elapsed() >= 50) {
                    sinceProgress.restart();
                    Q_EMIT progress(doneBefore + done, total);
                }
                return !cancel->load();
            },
            tls.get());
        if (!outcome.error.isEmpty())
            Q_EMIT fileFailed(file, outcome.error);
        if (!outcome.warning.isEmpty())
            Q_EMIT fileWarning(file, outcome.warning);
        if (parallel) {
            // Cancelled, the workers are stopped as the decoder goes (their counts are not read while they run).
            if (!cancel->load()) {
                parallel->finish(0.0);
                stats.merge(parallel->trafficStats());
                tlsStats.merge(parallel->tlsStats());
            }
        } else {
            if (!cancel->load())
                decoder->finishAll(0.0);
            stats.merge(decoder->stats());
            tlsStats.merge(tls->stats());
        }
        batches.flush();
        idOffset = std::max(idOffset, batches.lastId());
        doneBefore += QFileInfo(file).size();
    }
    Q_EMIT progress(total, total);
    Q_EMIT tlsFinished(tlsStats);
    Q_EMIT finished(stats, cancel->load());
}

} // namespace rpcscope
