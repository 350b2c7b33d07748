#pragma once

#include "server/connectionlimits.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace rpcscope {

/// The two deadlines of a test-server connection. Idle: nothing received for `idleMs`. Request: a request whose
/// first byte has arrived is still not complete `requestMs` later, however steadily its bytes trickle in; a client
/// sending one byte every 100 ms is never idle, and would otherwise hold its connection (and its buffer) forever.
/// Neither timer is re-armed per read, which would re-register a timer for every request: when one fires it checks
/// how long it has really been and waits for the rest.
class ConnectionClocks : public QObject
{
    Q_OBJECT
public:
    enum class Expiry { Idle, Request };

    ConnectionClocks(const ConnectionLimits& limits, QObject* parent);

    /// Bytes arrived: the connection is not idle.
    void received();
    /// Bytes of an incomplete request are buffered (`true`), or none are (`false`). The request clock starts with
    /// the first such bytes and runs until `requestDone`, or until the buffer is empty again.
    void setRequestPending(bool pending);
    /// A whole request was taken from the buffer: the bytes after it, if any, are the next request's.
    void requestDone();

Q_SIGNALS:
    /// A deadline passed; `reason` says which, for logs and the client ("idle for 120000 ms").
    void expired(rpcscope::ConnectionClocks::Expiry what, const QString& reason);

private:
    QTimer m_idleTimer;
    QTimer m_requestTimer;
    QElapsedTimer m_lastActivity;
    QElapsedTimer m_requestStart;
    int m_idleMs;
    int m_requestMs;
};

} // namespace rpcscope
