#include "tlsstats.h"

#include <QMap>

#include <algorithm>

namespace rpcscope {

void TlsStats::addUndecrypted(Undecrypted connection)
{
    undecryptedCount++;
    if (undecrypted.size() < kMaxListed)
        undecrypted.push_back(std::move(connection));
}

void TlsStats::merge(const TlsStats& other)
{
    connections += other.connections;
    decrypted += other.decrypted;
    lostRecords += other.lostRecords;
    for (const Undecrypted& u : other.undecrypted) {
        if (undecrypted.size() < kMaxListed)
            undecrypted.push_back(u);
    }
    undecryptedCount += other.undecryptedCount;
}

bool TlsStats::wantsKeys() const
{
    for (const Undecrypted& u : undecrypted) {
        if (u.kind == tls::NotDecrypted::NoKeyLog || u.kind == tls::NotDecrypted::MissingKeys)
            return true;
    }
    return false;
}

QStringList TlsStats::describe(const QString& howToGetKeys) const
{
    QStringList lines;
    if (undecryptedCount > 0) {
        lines << QStringLiteral("%1 TLS %2 could not be decrypted (listed as protocol tls, status encrypted):")
                     .arg(undecryptedCount)
                     .arg(undecryptedCount == 1 ? QStringLiteral("connection") : QStringLiteral("connections"));
        // Grouped by reason, in the order the reasons first occurred.
        struct Group
        {
            qint64 count = 0;
            QMap<QString, int> names;
            QString reason;
            bool similar = false;
        };
        std::vector<std::pair<tls::NotDecrypted, Group>> groups;
        for (const Undecrypted& u : undecrypted) {
            auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == u.kind; });
            if (it == groups.end()) {
                groups.push_back({u.kind, Group {}});
                it = std::prev(groups.end());
                it->second.reason = u.reason;
            } else if (it->second.reason != u.reason) {
                it->second.similar = true;
            }
            it->second.count++;
            it->second.names[u.serverName.isEmpty() ? u.server.toString() : u.serverName]++;
        }
        for (const auto& [kind, g] : groups) {
            QStringList names;
            for (auto n = g.names.begin(); n != g.names.end() && names.size() < 5; ++n)
                names << (n.value() > 1 && g.names.size() > 1 ? QStringLiteral("%1 (%2)").arg(n.key()).arg(n.value())
                                                              : n.key());
            if (g.names.size() > 5)
                names << QStringLiteral("%1 more").arg(g.names.size() - 5);
            lines << QStringLiteral("  %1 to %2: %3%4")
                         .arg(g.count)
                         .arg(names.join(QStringLiteral(", ")), g.reason,
                              g.similar ? QStringLiteral(" (and similar)") : QString());
        }
        if (undecryptedCount > qint64(undecrypted.size()))
            lines << QStringLiteral("  and %1 more").arg(undecryptedCount - qint64(undecrypted.size()));
        if (wantsKeys() && !howToGetKeys.isEmpty())
            lines << QStringLiteral("  ") + howToGetKeys;
    }
    if (lostRecords > 0)
        lines << QStringLiteral("%1 TLS %2 of decrypted connections could not be read (a bad tag, a forged "
                                "length, cut short); the messages around them are incomplete")
                     .arg(lostRecords)
                     .arg(lostRecords == 1 ? QStringLiteral("record") : QStringLiteral("records"));
    return lines;
}

} // namespace rpcscope
