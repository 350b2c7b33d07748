#pragma once

#include <QHash>
#include <QString>

#include <array>
#include <vector>

namespace rpcscope {

/// Interns the few distinct strings that repeat across thousands of calls (method names, endpoints, protocols),
/// so call records hold small ids, and filters can decide once per distinct string instead of once per call.
class StringPool
{
public:
    StringPool();

    /// The id of `text`, adding it on first sight. Id 0 is always the empty string. Texts that share their
    /// characters with one interned lately (a source that hands over one shared QString per distinct text, such as
    /// CallEntryMaker) are found by where the characters are, without hashing them.
    quint32 intern(const QString& text);
    const QString& at(quint32 id) const { return m_strings[id]; }
    quint32 size() const { return static_cast<quint32>(m_strings.size()); }
    void clear();

private:
    std::vector<QString> m_strings;
    QHash<QString, quint32> m_ids;
    /// Texts interned lately, by the address of their characters. Each holds a reference to its characters, so
    /// while it is here they can neither be freed (and the address reused) nor changed in place.
    struct Recent
    {
        QString text;
        quint32 id = 0;
    };
    static constexpr std::size_t kRecent = 256;
    std::array<Recent, kRecent> m_recent;
};

} // namespace rpcscope
