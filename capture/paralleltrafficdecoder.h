#pragma once

#include "bytestreamsink.h"
#include "call.h"
#include "eventbarrier.h"
#include "models/callentry.h"
#include "protocoldecoder.h"
#include "tlsdecryptingsink.h"
#include "tlsstats.h"
#include "trafficstats.h"

#include <QByteArray>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

namespace rpcscope {

class DecoderRegistry;
class TlsKeySource;

/// Decodes the connections of a capture file on several threads. Connections are independent once reassembled, so
/// each one belongs to one worker, which runs the TLS stage and a TrafficDecoder for it; the reading thread feeds
/// this like any ByteStreamSink and gets the calls back in the order of their requests, numbered 1, 2, 3…: exactly
/// what one TlsDecryptingSink → TrafficDecoder → OrderedCallEmitter gives for the same events.
///
/// Every event gets a sequence number and goes to its connection's worker in batches; a call's place in the output
/// is the number of the event that started it. What connections share (the session's ObjectNames, for Java RMI) is
/// kept in single-thread order by the EventBarrier this implements. Not for live sources: key logs are not re-read
/// and calls come out only when every earlier request has finished.
class ParallelTrafficDecoder : public ByteStreamSink, private EventBarrier
{
public:
    /// Receives the finished calls in request order, on the reading thread.
    class Output
    {
    public:
        virtual ~Output() = default;
        /// Without Options::format, `call` is the whole call. With it, `formatted` is what format made of the call
        /// on its worker, and `call` holds only its id (what the call held was freed on its worker).
        virtual void callReady(Call&& call, QByteArray&& formatted) = 0;
        /// With Options::makeEntry, instead of callReady: the entry made of the call on its worker, numbered.
        virtual void entryReady(CallEntry&& entry) { Q_UNUSED(entry); }
    };

    struct Options
    {
        int workers = 2;
        /// The TLS stage of each worker (`live` must be false).
        TlsDecryptingSink::Options tls;
        /// Run on the worker for each finished call, appending to the bytes that come with it (the CLI's jsonl
        /// line): formatting in parallel as well. False leaves the call out of the output. The call's id is not its
        /// final number yet.
        std::function<bool(const Call&, QByteArray&)> format;
        /// Instead of format: run on the worker numbered `worker` (0 to workers - 1, for what a worker keeps, such
        /// as its own BytePacker) for each finished call, to reduce it to the entry the output receives
        /// (Output::entryReady): the GUI's list entries are made, their bytes packed and the calls freed on the
        /// workers, not on the reading thread. False leaves the call out. The call's id is not its final number.
        std::function<bool(const Call&, int worker, CallEntry&)> makeEntry;
    };

    /// `registry`, `keys` and `output` must outlive this. The workers start at once.
    ParallelTrafficDecoder(const DecoderRegistry& registry, DecodeOptions decodeOptions, TlsKeySource& keys,
                           Options options, Output& output);
    /// Stops the workers (what was not finished is dropped).
    ~ParallelTrafficDecoder() override;

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override;
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override;
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override;
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override;
    void streamClosed(quint64 id, double ts) override;

    /// End of input: every open connection is finished (as TrafficDecoder::finishAll), every call delivered, and
    /// the workers stop.
    void finish(double ts);

    /// After finish(): the counts of all workers.
    TrafficStats trafficStats() const;
    TlsStats tlsStats() const;
    int workers() const { return static_cast<int>(m_workers.size()); }

private:
    struct Event
    {
        enum class Kind : quint8 { Opened, Data, Gap, Ended, Closed, Finish } kind;
        Direction dir = Direction::ClientToServer;
        /// startSeen for Opened, reset for Ended.
        bool flag = false;
        quint64 seq = 0;
        quint64 stream = 0;
        double ts = 0;
        /// Data: where its bytes are in Batch::bytes; Gap: `length` is the missing bytes; Opened: `offset`
        /// indexes Batch::endpoints.
        qint64 offset = 0;
        qint64 length = 0;
    };
    struct Batch
    {
        std::vector<Event> events;
        QByteArray bytes;
        std::vector<std::pair<Endpoint, Endpoint>> endpoints;
        /// Every event up to this one, of every worker, has been dispatched with or before this batch.
        quint64 through = 0;
    };
    struct Record
    {
        quint64 key = 0;
        bool finished = false;
        /// Finished, and a hook said to leave it out.
        bool omitted = false;
        /// What the output gets of a finished call: the call itself, what Options::format made of it, or the
        /// entry Options::makeEntry made. Calls and entries are boxed: records are moved several times between
        /// threads and vectors, and one of a few hundred bytes (every call start has a record too) costs more in
        /// copies and fresh pages than one allocation a call.
        std::variant<std::unique_ptr<Call>, QByteArray, std::unique_ptr<CallEntry>> payload;
    };
    struct Worker;
    class WorkerSink;

    static constexpr quint64 kIdle = ~quint64(0);

    Batch freshBatch();
    Event& add(quint64 stream, std::size_t worker, Event::Kind kind, double ts);
    /// add() for open connection `stream`; null when it is not followed (unknown, or over the connection limit).
    Event* addFor(quint64 stream, Event::Kind kind, double ts);
    /// Sends the round once it holds enough bytes or events (after every event, so rounds stay bounded whatever
    /// the events are).
    void dispatchIfFull();
    /// The worker of open connection `stream`, or -1 when it is not followed (unknown, or over the limit).
    int workerOf(quint64 stream) const
    {
        const auto it = m_open.find(stream);
        return it == m_open.end() ? -1 : it->second;
    }
    void dispatchRound();
    void deliverReady();
    void run(Worker& worker);
    void handle(Worker& worker, const Event& event, const Batch& batch);
    void setProgress(Worker& worker, quint64 seq);
    bool allPast(quint64 event) const;
    void awaitEventsBefore(quint64 event) const override;

    const DecoderRegistry& m_registry;
    DecodeOptions m_decodeOptions;
    TlsKeySource& m_keys;
    Options m_options;
    Output& m_output;

    std::vector<std::unique_ptr<Worker>> m_workers;
    mutable std::mutex m_mutex;
    /// Workers wait here for batches.
    std::condition_variable m_workCv;
    /// The reading thread waits here for the workers to catch up.
    std::condition_variable m_readerCv;
    /// Workers wait here at the EventBarrier.
    mutable std::condition_variable m_barrierCv;
    mutable std::atomic<int> m_barrierWaiters {0};
    int m_queuedBatches = 0;
    bool m_readerWaiting = false;
    /// Batches handled, kept for their capacity: allocating half a megabyte per batch costs page faults.
    std::vector<Batch> m_spare;

    // The reading thread's side.
    std::vector<Batch> m_round;
    qint64 m_roundBytes = 0;
    std::size_t m_roundEvents = 0;
    quint64 m_seq = 0;
    /// Open connections and their workers; a new connection goes to the worker with the fewest open ones.
    std::unordered_map<quint64, int> m_open;
    std::vector<int> m_openPerWorker;
    std::vector<qint64> m_bytesPerWorker;
    qint64 m_droppedConnections = 0;
    /// Records taken from the workers' outboxes, kept for their capacity.
    std::vector<Record> m_taken;
    /// Calls by the event that started them, until every earlier one is delivered.
    std::map<quint64, Record> m_order;
    quint64 m_delivered = 0;
    bool m_finished = false;
};

} // namespace rpcscope
