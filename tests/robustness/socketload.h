#pragma once
// Many TCP client connections at once from one thread (event-driven, like a load generator): each connection runs
// a short script of request → complete reply steps. Used by the load and fault tests of the test servers and the
// recording proxy.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace rpcscope::test {

/// Length of the first complete reply at the start of `received`, or -1 while it is incomplete.
using ReplyLength = std::function<qsizetype(const QByteArray& received)>;

struct ExchangeStep
{
    QByteArray send;
    ReplyLength reply;
};

struct ConnectionOutcome
{
    bool done = false;
    QString error;
    /// Every reply, in order.
    std::vector<QByteArray> replies;
};

/// Opens one connection per script to host:port, all at once, and runs them; gives up after `timeoutMs`.
std::vector<ConnectionOutcome> runConnections(const QString& host, quint16 port,
                                              const std::vector<std::vector<ExchangeStep>>& scripts, int timeoutMs);

/// An HTTP/1.1 response framed by Content-Length.
qsizetype httpReplyLength(const QByteArray& received);
/// A Pyro4 message framed by its header.
qsizetype pyro4ReplyLength(const QByteArray& received);

/// An XML-RPC call of `echo(text)` as xmlrpc.client writes it.
QByteArray xmlRpcEchoRequest(const QString& text);
/// Pyro4 CONNECT to example.greeting, then INVOKE get_fortune(name), serpent-serialized as Pyro4 writes them.
QByteArray pyro4Connect();
QByteArray pyro4GetFortune(quint16 seq, const QString& name);

/// Raises the open-files limit to its hard maximum (1,000 connections need 2,000 descriptors with the server).
void raiseOpenFileLimit();

} // namespace rpcscope::test
