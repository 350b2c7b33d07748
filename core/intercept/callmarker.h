#pragma once

#include "callsink.h"

#include <QHash>
#include <QString>

namespace rpcscope {

/// Tells the calls a rule or an intercept touched: the proxy marks a request (its connection and its offset in the
/// client's byte stream) before its bytes reach the decoder, and the calls that come out of the decoder for it carry
/// the mark in `Call::rule` ("method:add => fault 4 \"no\""). Sits between the decoder and the call sink. Also
/// remembers which call each unanswered request became, so held messages can be shown on their call.
///
/// Used on the thread that runs the proxy and its decoder.
class CallMarker : public CallSink
{
public:
    explicit CallMarker(CallSink& next)
        : m_next(next)
    { }

    /// Marks the request at `requestOffset` of connection `stream` with `text` (a later mark replaces it).
    void mark(quint64 stream, qint64 requestOffset, const QString& text);
    /// The id of the call whose request is at that place, while it waits for its reply; 0 if none.
    quint64 callIdAt(quint64 stream, qint64 requestOffset) const;
    /// The connection is closed: its marks are dropped (its calls have been finished by then).
    void forgetStream(quint64 stream);
    int markCount() const { return int(m_marks.size()); }

    void callStarted(const Call& call) override;
    void callFinished(Call&& call) override;

private:
    struct Key
    {
        quint64 stream;
        qint64 offset;
        bool operator==(const Key&) const = default;
    };
    friend size_t qHash(const Key& key, size_t seed) { return qHashMulti(seed, key.stream, key.offset); }
    static Key keyOf(const Call& call);

    CallSink& m_next;
    QHash<Key, QString> m_marks;
    QHash<Key, quint64> m_pending;
};

} // namespace rpcscope
