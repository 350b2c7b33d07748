#pragma once

#include "result.h"

#include <QString>

#include <functional>
#include <vector>

namespace rpcscope {

class CallStore;

/// Writes calls of the store to a file: JSON Lines in the CLI's format (`rpcscope-cli decode --format jsonl`), or
/// a pcap file that tshark and Wireshark open. The pcap is synthesised from the calls' message bytes (the store
/// does not keep packets): the same requests and replies on the same endpoints at the same times.
class CallExporter
{
public:
    enum class Format { Jsonl, Pcap };

    /// The format a file name asks for (".pcap"/".cap" → pcap, anything else → JSON Lines).
    static Format formatForPath(const QString& path);

    /// Writes the calls at `rows` (store rows, in that order) to `path`. `progress(done)` is called now and then and
    /// may return false to stop early.
    static Status write(const CallStore& store, const std::vector<int>& rows, const QString& path, Format format,
                        const std::function<bool(int)>& progress = {});

private:
    static Status writeJsonl(const CallStore& store, const std::vector<int>& rows, const QString& path,
                             const std::function<bool(int)>& progress);
    static Status writePcap(const CallStore& store, const std::vector<int>& rows, const QString& path,
                            const std::function<bool(int)>& progress);
};

} // namespace rpcscope
