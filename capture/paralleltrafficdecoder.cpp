#include "paralleltrafficdecoder.h"

#include "callsink.h"
#include "objectnames.h"
#include "trafficdecoder.h"

#include <algorithm>
#include <limits>

namespace rpcscope {

namespace {
// A round of batches goes out when the reading thread has gathered this much: large enough that locking is rare,
// small enough that workers start early and memory stays flat.
constexpr qint64 kRoundBytes = 512 * 1024;
constexpr std::size_t kRoundEvents = 4096;
// Rounds queued before the reading thread waits for the workers.
constexpr int kQueuedRounds = 8;
} // namespace

/// The end of a worker's pipeline: keeps what its TrafficDecoder says of calls, to be published with the batch.
class ParallelTrafficDecoder::WorkerSink : public CallSink
{
public:
    WorkerSink(const Options& options, int worker, std::vector<Record>& records)
        : m_options(options)
        , m_worker(worker)
        , m_records(records)
    { }

    void callStarted(const Call& call) override
    {
        Record record;
        record.key = call.id;
        m_records.push_back(std::move(record));
    }
    void callFinished(Call&& call) override
    {
        Record record;
        record.key = call.id;
        record.finished = true;
        // With either hook the call is freed here, on the thread that allocated it.
        if (m_options.makeEntry) {
            auto entry = std::make_unique<CallEntry>();
            record.omitted = !m_options.makeEntry(call, m_worker, *entry);
            record.payload = std::move(entry);
        } else if (m_options.format) {
            record.omitted = !m_options.format(call, record.payload.emplace<QByteArray>());
        } else {
            record.payload = std::make_unique<Call>(std::move(call));
        }
        m_records.push_back(std::move(record));
    }

private:
    const Options& m_options;
    const int m_worker;
    std::vector<Record>& m_records;
};

struct ParallelTrafficDecoder::Worker
{
    // Touched by the worker thread only (stats read after it stopped).
    std::vector<Record> records;
    std::unique_ptr<WorkerSink> sink;
    std::unique_ptr<TrafficDecoder> traffic;
    std::unique_ptr<TlsDecryptingSink> tls;

    // Under m_mutex.
    std::deque<Batch> inbox;
    std::vector<Record> outbox;
    quint64 published = 0;
    bool stop = false;

    /// Every event of this worker before this one has been handled (kIdle: all dispatched so far).
    std::atomic<quint64> progress {kIdle};
    std::thread thread;
};

ParallelTrafficDecoder::ParallelTrafficDecoder(const DecoderRegistry& registry, DecodeOptions decodeOptions,
                                               TlsKeySource& keys, Options options, Output& output)
    : m_registry(registry)
    , m_decodeOptions(std::move(decodeOptions))
    , m_keys(keys)
    , m_options(std::move(options))
    , m_output(output)
{
    Q_ASSERT(!m_options.tls.live);
    // One session: connections of every worker name each other's objects.
    if (!m_decodeOptions.objectNames)
        m_decodeOptions.objectNames = std::make_shared<ObjectNames>();
    // The reading thread enforces the connection limit, over all workers.
    DecodeOptions workerOptions = m_decodeOptions;
    workerOptions.limits.maxConnections = std::numeric_limits<int>::max();

    const int n = std::max(1, m_options.workers);
    m_round.resize(n);
    m_openPerWorker.resize(n);
    m_bytesPerWorker.resize(n);
    for (int i = 0; i < n; ++i) {
        auto w = std::make_unique<Worker>();
        w->sink = std::make_unique<WorkerSink>(m_options, i, w->records);
        w->traffic = std::make_unique<TrafficDecoder>(m_registry, workerOptions, *w->sink);
        w->traffic->setEventBarrier(this);
        w->tls = std::make_unique<TlsDecryptingSink>(*w->traffic, m_keys, m_options.tls);
        m_workers.push_back(std::move(w));
    }
    for (auto& w : m_workers)
        w->thread = std::thread([this, worker = w.get()] { run(*worker); });
}

ParallelTrafficDecoder::~ParallelTrafficDecoder()
{
    {
        std::lock_guard lock(m_mutex);
        for (auto& w : m_workers)
            w->stop = true;
    }
    m_workCv.notify_all();
    for (auto& w : m_workers) {
        if (w->thread.joinable())
            w->thread.join();
    }
}

ParallelTrafficDecoder::Event& ParallelTrafficDecoder::add(quint64 stream, std::size_t worker, Event::Kind kind,
                                                           double ts)
{
    Event& e = m_round[worker].events.emplace_back();
    e.kind = kind;
    e.seq = ++m_seq;
    e.stream = stream;
    e.ts = ts;
    ++m_roundEvents;
    return e;
}

void ParallelTrafficDecoder::streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts,
                                          bool startSeen)
{
    if (static_cast<qint64>(m_open.size()) >= m_decodeOptions.limits.maxConnections) {
        m_droppedConnections++;
        return;
    }
    // The least busy worker, by open connections and then by bytes: decided by the input alone, though the output
    // does not depend on it.
    std::size_t worker = 0;
    for (std::size_t i = 1; i < m_workers.size(); ++i) {
        if (std::pair(m_openPerWorker[i], m_bytesPerWorker[i])
            < std::pair(m_openPerWorker[worker], m_bytesPerWorker[worker]))
            worker = i;
    }
    m_open.emplace(id, static_cast<int>(worker));
    m_openPerWorker[worker]++;
    Batch& batch = m_round[worker];
    Event& e = add(id, worker, Event::Kind::Opened, ts);
    e.flag = startSeen;
    e.offset = static_cast<qint64>(batch.endpoints.size());
    batch.endpoints.emplace_back(client, server);
    dispatchIfFull();
}

ParallelTrafficDecoder::Event* ParallelTrafficDecoder::addFor(quint64 stream, Event::Kind kind, double ts)
{
    const int worker = workerOf(stream);
    return worker < 0 ? nullptr : &add(stream, static_cast<std::size_t>(worker), kind, ts);
}

void ParallelTrafficDecoder::dispatchIfFull()
{
    if (m_roundBytes >= kRoundBytes || m_roundEvents >= kRoundEvents)
        dispatchRound();
}

void ParallelTrafficDecoder::streamData(quint64 id, Direction dir, QByteArrayView data, double ts)
{
    const int worker = workerOf(id);
    if (data.isEmpty() || worker < 0)
        return;
    Batch& batch = m_round[worker];
    m_bytesPerWorker[worker] += data.size();
    Event& e = add(id, worker, Event::Kind::Data, ts);
    e.dir = dir;
    e.offset = batch.bytes.size();
    e.length = data.size();
    batch.bytes.append(data);
    m_roundBytes += data.size();
    dispatchIfFull();
}

void ParallelTrafficDecoder::streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts)
{
    if (Event* e = addFor(id, Event::Kind::Gap, ts)) {
        e->dir = dir;
        e->length = missingBytes;
        dispatchIfFull();
    }
}

void ParallelTrafficDecoder::streamEnded(quint64 id, Direction dir, double ts, bool reset)
{
    if (Event* e = addFor(id, Event::Kind::Ended, ts)) {
        e->dir = dir;
        e->flag = reset;
        dispatchIfFull();
    }
}

void ParallelTrafficDecoder::streamClosed(quint64 id, double ts)
{
    const int worker = workerOf(id);
    if (worker < 0)
        return;
    m_open.erase(id);
    m_openPerWorker[worker]--;
    add(id, worker, Event::Kind::Closed, ts);
    dispatchIfFull();
}

void ParallelTrafficDecoder::dispatchRound()
{
    {
        std::lock_guard lock(m_mutex);
        // All batches of a round go out under one lock, their workers' progress lowered first: a worker at the
        // barrier never sees another as idle while events before its own are still on their way.
        for (std::size_t i = 0; i < m_workers.size(); ++i) {
            Worker& w = *m_workers[i];
            Batch& batch = m_round[i];
            batch.through = m_seq;
            if (!batch.events.empty() && w.progress.load() == kIdle)
                w.progress.store(batch.events.front().seq);
            w.inbox.push_back(std::move(batch));
            ++m_queuedBatches;
        }
        for (Batch& batch : m_round)
            batch = freshBatch();
    }
    m_workCv.notify_all();
    if (m_barrierWaiters.load() > 0)
        m_barrierCv.notify_all();
    m_roundBytes = 0;
    m_roundEvents = 0;
    deliverReady();
    std::unique_lock lock(m_mutex);
    const int limit = kQueuedRounds * static_cast<int>(m_workers.size());
    m_readerWaiting = true;
    m_readerCv.wait(lock, [&] { return m_queuedBatches <= limit; });
    m_readerWaiting = false;
}

ParallelTrafficDecoder::Batch ParallelTrafficDecoder::freshBatch()
{
    if (m_spare.empty())
        return Batch {};
    Batch batch = std::move(m_spare.back());
    m_spare.pop_back();
    return batch;
}

void ParallelTrafficDecoder::run(Worker& w)
{
    for (;;) {
        Batch batch;
        {
            std::unique_lock lock(m_mutex);
            m_workCv.wait(lock, [&] { return !w.inbox.empty() || w.stop; });
            if (w.inbox.empty())
                return;
            batch = std::move(w.inbox.front());
            w.inbox.pop_front();
        }
        for (const Event& e : batch.events) {
            setProgress(w, e.seq);
            handle(w, e, batch);
        }
        batch.events.clear();
        batch.bytes.resize(0); // keeps the capacity
        batch.endpoints.clear();
        bool wakeReader = false;
        {
            std::lock_guard lock(m_mutex);
            // Vectors trade places rather than records being moved one by one, and keep their capacity: a
            // record is a few hundred bytes, and fresh memory for thousands of them costs page faults.
            if (w.outbox.empty())
                w.outbox.swap(w.records);
            else
                std::move(w.records.begin(), w.records.end(), std::back_inserter(w.outbox));
            w.records.clear();
            w.published = batch.through;
            if (w.inbox.empty())
                w.progress.store(kIdle);
            --m_queuedBatches;
            if (m_spare.size() < 4 * m_workers.size() + 4)
                m_spare.push_back(std::move(batch));
            wakeReader = m_readerWaiting;
        }
        if (wakeReader)
            m_readerCv.notify_one();
        if (m_barrierWaiters.load() > 0)
            m_barrierCv.notify_all();
    }
}

void ParallelTrafficDecoder::handle(Worker& w, const Event& e, const Batch& batch)
{
    w.traffic->beginEvent(e.seq);
    switch (e.kind) {
    case Event::Kind::Opened: {
        const auto& [client, server] = batch.endpoints[static_cast<std::size_t>(e.offset)];
        w.tls->streamOpened(e.stream, client, server, e.ts, e.flag);
        return;
    }
    case Event::Kind::Data:
        w.tls->streamData(e.stream, e.dir, QByteArrayView(batch.bytes).sliced(e.offset, e.length), e.ts);
        return;
    case Event::Kind::Gap:
        w.tls->streamGap(e.stream, e.dir, e.length, e.ts);
        return;
    case Event::Kind::Ended:
        w.tls->streamEnded(e.stream, e.dir, e.ts, e.flag);
        return;
    case Event::Kind::Closed:
        w.tls->streamClosed(e.stream, e.ts);
        return;
    case Event::Kind::Finish:
        w.traffic->finishAll(e.ts);
        return;
    }
}

void ParallelTrafficDecoder::setProgress(Worker& w, quint64 seq)
{
    // Sequentially consistent with the barrier's count of waiters: either the waiter sees the new progress, or
    // this sees the waiter and wakes it.
    w.progress.store(seq);
    if (m_barrierWaiters.load() > 0) {
        std::lock_guard lock(m_mutex);
        m_barrierCv.notify_all();
    }
}

bool ParallelTrafficDecoder::allPast(quint64 event) const
{
    return std::all_of(m_workers.begin(), m_workers.end(),
                       [event](const auto& w) { return w->progress.load() >= event; });
}

void ParallelTrafficDecoder::awaitEventsBefore(quint64 event) const
{
    if (allPast(event))
        return;
    std::unique_lock lock(m_mutex);
    ++m_barrierWaiters;
    m_barrierCv.wait(lock, [&] { return allPast(event); });
    --m_barrierWaiters;
}

void ParallelTrafficDecoder::deliverReady()
{
    quint64 watermark = kIdle;
    m_taken.clear();
    {
        std::lock_guard lock(m_mutex);
        for (auto& w : m_workers) {
            if (m_taken.empty())
                m_taken.swap(w->outbox);
            else
                std::move(w->outbox.begin(), w->outbox.end(), std::back_inserter(m_taken));
            w->outbox.clear();
            watermark = std::min(watermark, w->published);
        }
    }
    for (Record& r : m_taken) {
        Record& slot = m_order[r.key];
        if (r.finished)
            slot = std::move(r);
    }
    m_taken.clear();
    // A call may go once every earlier request is known and finished: a worker can still start calls only at
    // events after what it has published.
    while (!m_order.empty()) {
        auto it = m_order.begin();
        if (!it->second.finished || (it->first >> TrafficDecoder::kEventIdShift) > watermark)
            break;
        Record& slot = it->second;
        const quint64 id = ++m_delivered;
        if (!slot.omitted) {
            if (auto* entry = std::get_if<std::unique_ptr<CallEntry>>(&slot.payload)) {
                (*entry)->record.id = id;
                m_output.entryReady(std::move(**entry));
            } else if (QByteArray* formatted = std::get_if<QByteArray>(&slot.payload)) {
                Call call;
                call.id = id;
                m_output.callReady(std::move(call), std::move(*formatted));
            } else {
                Call& call = *std::get<std::unique_ptr<Call>>(slot.payload);
                call.id = id;
                m_output.callReady(std::move(call), {});
            }
        }
        m_order.erase(it);
    }
}

void ParallelTrafficDecoder::finish(double ts)
{
    if (m_finished)
        return;
    m_finished = true;
    for (std::size_t i = 0; i < m_workers.size(); ++i)
        add(0, i, Event::Kind::Finish, ts);
    dispatchRound();
    {
        std::lock_guard lock(m_mutex);
        for (auto& w : m_workers)
            w->stop = true;
    }
    m_workCv.notify_all();
    for (auto& w : m_workers)
        w->thread.join();
    deliverReady();
}

TrafficStats ParallelTrafficDecoder::trafficStats() const
{
    TrafficStats stats;
    for (const auto& w : m_workers)
        stats.merge(w->traffic->stats());
    stats.droppedConnections += m_droppedConnections;
    return stats;
}

TlsStats ParallelTrafficDecoder::tlsStats() const
{
    TlsStats stats;
    for (const auto& w : m_workers)
        stats.merge(w->tls->stats());
    return stats;
}

} // namespace rpcscope
