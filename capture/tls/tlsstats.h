#pragma once

#include "endpoint.h"
#include "tls/tlssession.h"

#include <QMetaType>
#include <QStringList>

#include <vector>

namespace rpcscope {

/// What the TLS stage did with the connections of a source: how many it decrypted, and which it could not and why,
/// so that nothing encrypted is hidden (the CLI prints it on standard error, the GUI in its message bar).
struct TlsStats
{
    /// Connections that started with a ClientHello (or showed TLS records after a missed start).
    qint64 connections = 0;
    qint64 decrypted = 0;
    /// Records of decrypted connections that could not be read (bad tag, forged length, cut short).
    qint64 lostRecords = 0;

    struct Undecrypted
    {
        Endpoint client;
        Endpoint server;
        QString serverName;
        tls::NotDecrypted kind = tls::NotDecrypted::No;
        QString reason;
    };
    /// The first connections that could not be decrypted (at most kMaxListed); `undecryptedCount` counts all.
    std::vector<Undecrypted> undecrypted;
    qint64 undecryptedCount = 0;
    static constexpr std::size_t kMaxListed = 1000;

    void addUndecrypted(Undecrypted connection);
    void merge(const TlsStats& other);
    bool clean() const { return undecryptedCount == 0 && lostRecords == 0; }
    /// True when some connection lacks keys (none given, or none for it): worth telling how to get them.
    bool wantsKeys() const;
    /// Lines for a person: how many connections could not be decrypted, grouped by reason with their server names,
    /// and `howToGetKeys` after them when keys would help. Empty when everything was decrypted.
    QStringList describe(const QString& howToGetKeys) const;
};

} // namespace rpcscope

Q_DECLARE_METATYPE(rpcscope::TlsStats)
