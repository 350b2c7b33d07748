#include "objectnames.h"

#include "eventbarrier.h"
#include "protocoldecoder.h"

namespace rpcscope {

namespace {
QString keyOf(QStringView protocol, QStringView key)
{
    return protocol + QLatin1Char('\n') + key;
}

QString simpleName(const QString& className)
{
    const qsizetype dot = className.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? className : className.mid(dot + 1);
}
} // namespace

QString ObjectNames::Entry::displayName() const
{
    QStringList simple;
    for (const QString& i : interfaces)
        simple << simpleName(i);
    const QString types = simple.join(QLatin1String(", "));
    if (name.isEmpty())
        return types;
    if (types.isEmpty())
        return name;
    return QStringLiteral("%1 (%2)").arg(name, types);
}

bool ObjectNames::learn(const QString& protocol, const ObjectFact& fact, double at, qint64 maxObjects)
{
    if (fact.key.isEmpty() || (fact.name.isEmpty() && fact.interfaces.isEmpty()))
        return true;
    QWriteLocker lock(&m_lock);
    const QString key = keyOf(protocol, fact.key);
    auto it = m_objects.find(key);
    if (it == m_objects.end()) {
        if (m_objects.size() >= maxObjects) {
            ++m_dropped;
            return false;
        }
        it = m_objects.insert(key, {});
    }
    std::vector<Entry>& history = *it;
    Entry entry {at, fact.name, fact.interfaces, fact.source};
    if (!history.empty()) {
        const Entry& latest = history.back();
        // A stub seen again without its registry name (a method returning its own object) keeps the name.
        if (entry.name.isEmpty()) {
            entry.name = latest.name;
            entry.source = latest.source;
        }
        if (entry.interfaces.isEmpty())
            entry.interfaces = latest.interfaces;
        if (entry.name == latest.name && entry.interfaces == latest.interfaces)
            return true;
    }
    // Messages of different connections are not decoded in strict time order: keep the history sorted.
    const auto pos = std::upper_bound(history.begin(), history.end(), entry.since,
                                      [](double t, const Entry& e) { return t < e.since; });
    history.insert(pos, std::move(entry));
    if (static_cast<int>(history.size()) > kMaxHistory) {
        history.erase(history.begin());
        ++m_dropped;
    }
    return true;
}

std::optional<ObjectNames::Entry> ObjectNames::find(QStringView protocol, QStringView key, double asOf) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_objects.constFind(keyOf(protocol, key));
    if (it == m_objects.cend())
        return std::nullopt;
    const std::vector<Entry>& history = *it;
    for (auto e = history.rbegin(); e != history.rend(); ++e) {
        if (e->since <= asOf)
            return *e;
    }
    return std::nullopt;
}

qint64 ObjectNames::size() const
{
    QReadLocker lock(&m_lock);
    return m_objects.size();
}

qint64 ObjectNames::dropped() const
{
    QReadLocker lock(&m_lock);
    return m_dropped;
}

const ObjectNames* DecodeContext::objectNames() const
{
    if (!options || !options->objectNames)
        return nullptr;
    if (barrier)
        barrier->awaitEventsBefore(event);
    return options->objectNames.get();
}

} // namespace rpcscope
