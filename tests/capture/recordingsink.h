#pragma once
// Test helper: a ByteStreamSink that writes down every event as one readable line, so tests can compare the exact
// sequence a source produced:
//   "open 1 10.0.0.1:40000 > 10.0.0.2:80 start"   (or "midstream")
//   "data 1 > hello"   client to server ("<" server to client); non-printable bytes as \xNN
//   "gap 1 > 100"      bytes missing in that direction
//   "end 1 > fin"      (or "rst")
//   "close 1"
// and keeps each connection's complete streams.

#include "bytestreamsink.h"

#include <QStringList>

#include <map>

namespace rpcscope::test {

class RecordingSink : public ByteStreamSink
{
public:
    struct Stream
    {
        Endpoint client;
        Endpoint server;
        bool startSeen = false;
        QByteArray bytes[2];
        qint64 missing[2] = {0, 0};
        bool ended[2] = {false, false};
        bool reset = false;
        bool closed = false;
    };

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override
    {
        Stream& s = streams[id];
        s.client = client;
        s.server = server;
        s.startSeen = startSeen;
        times.push_back(ts);
        events << QStringLiteral("open %1 %2 > %3 %4")
                      .arg(id)
                      .arg(client.toString(), server.toString(),
                           startSeen ? QStringLiteral("start") : QStringLiteral("midstream"));
    }
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override
    {
        streams[id].bytes[index(dir)].append(data.data(), data.size());
        times.push_back(ts);
        events << QStringLiteral("data %1 %2 %3").arg(id).arg(arrow(dir), printable(data));
    }
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override
    {
        streams[id].missing[index(dir)] += missingBytes;
        times.push_back(ts);
        events << QStringLiteral("gap %1 %2 %3").arg(id).arg(arrow(dir)).arg(missingBytes);
    }
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override
    {
        Stream& s = streams[id];
        s.ended[index(dir)] = true;
        s.reset = s.reset || reset;
        times.push_back(ts);
        events << QStringLiteral("end %1 %2 %3")
                      .arg(id)
                      .arg(arrow(dir), reset ? QStringLiteral("rst") : QStringLiteral("fin"));
    }
    void streamClosed(quint64 id, double ts) override
    {
        streams[id].closed = true;
        times.push_back(ts);
        events << QStringLiteral("close %1").arg(id);
    }

    /// The events with consecutive data events of the same connection and direction merged into one, for tests
    /// that do not care how the bytes were cut into segments.
    QStringList merged() const
    {
        QStringList out;
        for (const QString& e : events) {
            if (!out.isEmpty() && e.startsWith(QLatin1String("data "))
                && out.last().startsWith(QLatin1String("data "))) {
                const qsizetype headLength = e.indexOf(QLatin1Char(' '), 5) + 3; // "data ID > "
                if (out.last().left(headLength) == e.left(headLength)) {
                    out.last() += e.mid(headLength);
                    continue;
                }
            }
            out << e;
        }
        return out;
    }

    static QString arrow(Direction dir)
    {
        return dir == Direction::ClientToServer ? QStringLiteral(">") : QStringLiteral("<");
    }
    static QString printable(QByteArrayView data)
    {
        QString s;
        for (char c : data) {
            if (c >= 0x20 && c < 0x7F && c != '\\')
                s += QLatin1Char(c);
            else
                s += QStringLiteral("\\x%1").arg(static_cast<quint8>(c), 2, 16, QLatin1Char('0'));
        }
        return s;
    }

    QStringList events;
    std::vector<double> times;
    std::map<quint64, Stream> streams;
};

} // namespace rpcscope::test
