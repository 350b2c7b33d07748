#pragma once

#include <QHash>
#include <QString>

#include <vector>

namespace rpcscope {

/// Interns the few distinct strings that repeat across thousands of calls (method names, endpoints, protocols),
/// so call records hold small ids, and filters can decide once per distinct string instead of once per call.
class StringPool
{
public:
    StringPool();

    /// The id of `text`, adding it on first sight. Id 0 is always the empty string.
    quint32 intern(const QString& text);
    const QString& at(quint32 id) const { return m_strings[id]; }
    quint32 size() const { return static_cast<quint32>(m_strings.size()); }
    void clear();

private:
    std::vector<QString> m_strings;
    QHash<QString, quint32> m_ids;
};

} // namespace rpcscope
