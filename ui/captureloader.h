#pragma once

#include "call.h"
#include "decoderregistry.h"
#include "models/callentry.h"
#include "tlsstats.h"
#include "trafficstats.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

class QThread;

namespace rpcscope {

/// Reads capture files on a worker thread and hands the calls over in batches (queued signals), so the window
/// stays responsive and the list fills while the file is read. Several files are read one after the other into
/// one list; call ids continue across files.
class CaptureLoader : public QObject
{
    Q_OBJECT
public:
    /// `registry` must outlive the loader (the worker decodes with it).
    CaptureLoader(const DecoderRegistry& registry, DecodeOptions options, QObject* parent = nullptr);
    ~CaptureLoader() override;

    /// Starts reading `files`; a load in progress is cancelled first.
    void load(const QStringList& files);
    /// The options the next load() decodes with (trees are never built); a load in progress is cancelled first. The
    /// GUI gives the call store's, so that loaded calls share its Java classes and names of remote objects.
    void setDecodeOptions(DecodeOptions options);
    /// TLS key logs for the next loads (besides the secrets blocks of pcapng files).
    void setTlsKeyLogs(const QStringList& files) { m_tlsKeyLogs = files; }
    /// Asks the worker to stop at the next packet; `finished` follows with `cancelled` set.
    void cancel();
    bool isRunning() const;
    /// Blocks until the worker has stopped (for shutdown and tests).
    void wait();

    /// Calls handed over per batch, and the longest a call waits before its batch is sent, while the list is
    /// small (batches grow with the calls sent: an eighth of them, up to 50,000, and up to a second apart).
    static constexpr int kBatchSize = 4000;
    static constexpr int kBatchMilliseconds = 100;

Q_SIGNALS:
    void callsReady(const QList<rpcscope::CallEntry>& calls);
    /// The calls that follow come from `file` (sent before them, so a store can keep relative times per file).
    void fileStarted(const QString& file);
    /// Bytes of the input read so far, out of `total` (all files together).
    void progress(qint64 done, qint64 total);
    /// A file could not be read (or not to its end): its name and the reason, which names the file too. Loading
    /// continues with the next file.
    void fileFailed(const QString& file, const QString& reason);
    /// A file was read, but not everything in it could be used (truncated file, IP fragments, cut packets).
    void fileWarning(const QString& file, const QString& text);
    /// What the TLS stage did, for every file read; sent just before `finished`.
    void tlsFinished(const rpcscope::TlsStats& stats);
    /// The load is over (done, failed or cancelled); `stats` covers every file read.
    void finished(const rpcscope::TrafficStats& stats, bool cancelled);

private:
    void run(QStringList files, QStringList keyLogs, std::shared_ptr<std::atomic_bool> cancel);

    const DecoderRegistry& m_registry;
    DecodeOptions m_options;
    QStringList m_tlsKeyLogs;
    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace rpcscope
