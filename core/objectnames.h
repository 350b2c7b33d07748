#pragma once

#include "message.h"

#include <QHash>
#include <QReadWriteLock>
#include <QStringList>

#include <optional>
#include <vector>

namespace rpcscope {

/// What one decode session (a capture file, a live capture, a proxy run; in the GUI, everything the call list
/// shows) has learned about remote objects from its messages, across all its connections. A Java RMI registry
/// lookup answer says that the object with ObjID X is bound as "GreetingMaker" and implements example.Greeting;
/// calls to X on any connection of the session are then shown as calls on "GreetingMaker (Greeting)".
///
/// Decoders stay pure functions of their input: they report what a message teaches as `DecodedMessage::
/// objectFacts` and read what is known through `DecodeContext::objectNames()`; the pipeline (ConversationDecoder)
/// records the facts here. A fact holds for messages that began at or after the moment it was learned (the last
/// byte of the message that taught it), so a call decoded again later (the GUI decodes the selected call anew)
/// reads exactly as when it was first decoded, however much the session has learned since.
///
/// Bounded: at most `DecodeLimits::maxNamedObjects` objects and kMaxHistory facts per object are kept; facts past
/// that are counted (`dropped()`) and not recorded. Thread-safe: a loader thread records while the GUI thread reads.
class ObjectNames
{
public:
    /// Facts kept per object (a name bound again, interfaces learned later); the oldest are dropped first.
    static constexpr int kMaxHistory = 16;

    /// What is known of one object at some moment.
    struct Entry
    {
        /// When it became known (seconds since the epoch, as message times).
        double since = 0;
        QString name;
        QStringList interfaces;
        QString source;

        /// "GreetingMaker (Greeting)", "GreetingMaker", "RMIConnection": the name, then the interfaces' simple names.
        QString displayName() const;
    };

    /// Records what a message of `protocol` that ended at `at` says. Returns false if it was not recorded because
    /// `maxObjects` objects are known already.
    bool learn(const QString& protocol, const ObjectFact& fact, double at, qint64 maxObjects);
    /// What was known of object `key` of `protocol` at time `asOf`; nullopt if nothing.
    std::optional<Entry> find(QStringView protocol, QStringView key, double asOf) const;
    /// Objects known.
    qint64 size() const;
    /// Facts not recorded because of the bounds.
    qint64 dropped() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<QString, std::vector<Entry>> m_objects;
    qint64 m_dropped = 0;
};

} // namespace rpcscope
