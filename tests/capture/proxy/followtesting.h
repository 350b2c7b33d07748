#pragma once
// Shared by the tests of the proxy that follows handed-out objects (tst_recordingproxyfollow for Java RMI,
// tst_recordingproxyfollowpyro for Pyro): the calls `rpcscope-cli proxy --format jsonl` printed, and the processes
// around it.
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace rpcscope::test {

struct Recorded
{
    QString server;
    QString object;
    QString method;
    QString status;
};

inline QList<Recorded> recordedCalls(const QByteArray& jsonl)
{
    QList<Recorded> out;
    for (const QByteArray& line : jsonl.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        out.push_back({o.value(QLatin1String("server")).toString(), o.value(QLatin1String("object")).toString(),
                       o.value(QLatin1String("method")).toString(), o.value(QLatin1String("status")).toString()});
    }
    return out;
}

// The methods recorded on calls to `server`, in order.
inline QStringList methodsAt(const QList<Recorded>& calls, const QString& server)
{
    QStringList out;
    for (const Recorded& c : calls) {
        if (c.server == server && !c.method.startsWith(QLatin1Char('<')))
            out << c.method;
    }
    return out;
}

inline bool waitForText(QProcess& process, QByteArray& collected, const QByteArray& text, int timeoutMs,
                        bool stderrSide)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!collected.contains(text) && !deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        collected += stderrSide ? process.readAllStandardError() : process.readAllStandardOutput();
    }
    return collected.contains(text);
}

inline void stop(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.kill();
    process.waitForFinished(10000);
}

inline quint16 freshPort(QList<quint16>& taken)
{
    quint16 port = 0;
    do
        port = test::freeTcpPort();
    while (port == 0 || taken.contains(port));
    taken << port;
    return port;
}

} // namespace rpcscope::test
