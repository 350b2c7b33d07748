#include "stringpool.h"

namespace rpcscope {

StringPool::StringPool()
{
    clear();
}

quint32 StringPool::intern(const QString& text)
{
    if (text.isEmpty())
        return 0;
    auto it = m_ids.constFind(text);
    if (it != m_ids.constEnd())
        return it.value();
    const auto id = static_cast<quint32>(m_strings.size());
    m_strings.push_back(text);
    m_ids.insert(text, id);
    return id;
}

void StringPool::clear()
{
    m_strings.clear();
    m_ids.clear();
    m_strings.emplace_back();
}

} // namespace rpcscope
