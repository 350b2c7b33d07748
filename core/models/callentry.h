#pragma once

#include "call.h"
#include "callrecord.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <array>

namespace rpcscope {

/// A call reduced to what the `CallStore` keeps of it: its record, whose string ids only the store can assign (it
/// interns the texts given here), and the stored bytes. Sources make entries on the thread that decoded the calls,
/// so the decoded values are freed where they were allocated and the GUI thread only copies a few words per call.
struct CallEntry
{
    /// Complete but for the string ids: protocol, method, object, client and server are 0 here.
    CallRecord record;
    QString protocol;
    QString method;
    QString object;
    QString client;
    QString server;
    StoredCall stored;
};

/// The entry for `call`, its bytes packed by `packer` (one per thread that makes entries). `packedRequest`, when
/// given, holds the request's bytes packed already, for a call listed as pending before it finished.
CallEntry makeCallEntry(const Call& call, BytePacker& packer, const PackedBytes& packedRequest = {});
QList<CallEntry> makeCallEntries(const QList<Call>& calls, BytePacker& packer);

/// Makes the entries of one thread's calls, as makeCallEntry does, with its own packer, and gives calls of one
/// connection the same endpoint texts and repeated names (methods, objects, protocols) the same shared text: an
/// entry then allocates no strings of its own, and the store that receives it finds its strings by their data
/// (StringPool::intern) rather than by hashing them again. Not thread-safe: one maker per thread.
class CallEntryMaker
{
public:
    explicit CallEntryMaker(ByteSpill::Backing backing = ByteSpill::Backing::File)
        : m_packer(backing)
    { }

    CallEntry make(const Call& call);

    /// Distinct texts and connections remembered; past these the maker forgets them all and starts over, so a
    /// capture of endless distinct names costs bounded memory.
    static constexpr qsizetype kMaxTexts = 4096;
    static constexpr qsizetype kMaxConnections = 4096;

private:
    QString shared(const QString& text);

    BytePacker m_packer;
    QSet<QString> m_texts;
    /// The last text seen of each little hash of its size and a few characters: most names are found here, by a
    /// comparison, without hashing all of their characters.
    static constexpr std::size_t kRecent = 64;
    std::array<QString, kRecent> m_recent;
    struct Endpoints
    {
        Endpoint client;
        Endpoint server;
        QString clientText;
        QString serverText;
    };
    QHash<quint64, Endpoints> m_endpoints;
};

} // namespace rpcscope
