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
    // Only characters on the heap are counted references; raw data (QString::fromRawData) could change under us.
    Recent* recent = nullptr;
    if (text.data_ptr().isMutable()) {
        // Every bit of the address counts: texts made on different threads have equal low bits.
        recent = &m_recent[std::size_t((quint64(quintptr(text.constData())) * 0x9E3779B97F4A7C15ull) >> 56) % kRecent];
        if (recent->text.constData() == text.constData() && recent->text.size() == text.size())
            return recent->id;
    }
    quint32 id = 0;
    auto it = m_ids.constFind(text);
    if (it != m_ids.constEnd()) {
        id = it.value();
    } else {
        id = static_cast<quint32>(m_strings.size());
        // Kept with characters of its own: raw data may change or go once the caller is done with it.
        const QString kept = recent ? text : QString(text.constData(), text.size());
        m_strings.push_back(kept);
        m_ids.insert(kept, id);
    }
    if (recent)
        *recent = {text, id};
    return id;
}

void StringPool::clear()
{
    m_strings.clear();
    m_ids.clear();
    m_recent.fill({});
    m_strings.emplace_back();
}

} // namespace rpcscope
