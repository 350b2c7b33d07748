// The program of tests/bench/pyro_endpoint_rewrite: rewritePyroEndpoints timed on replies built here (a proxy calls
// it on every Pyro reply it relays, so a reply without URIs must cost next to nothing).
#include "intercept/pyroendpointrewriter.h"
#include "pyro/pyro4/pyro4header.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <functional>

using namespace rpcscope;

namespace {

QByteArray pyro4Result(const QByteArray& payload, quint16 serializer)
{
    Pyro4Header h;
    h.type = 5;
    h.serializerId = serializer;
    h.dataSize = qint32(payload.size());
    return h.toBytes() + payload;
}

// Runs `once` for about a second; microseconds per run.
double microsecondsEach(const std::function<void()>& once)
{
    QElapsedTimer clock;
    clock.start();
    qint64 runs = 0;
    while (clock.elapsed() < 1000) {
        once();
        ++runs;
    }
    return double(clock.nsecsElapsed()) / 1000.0 / double(runs);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const EndpointMapper nextPort = [](const HandedOutEndpoint& e) -> std::optional<HandedOutEndpoint> {
        return HandedOutEndpoint {e.host, quint16(e.port + 1)};
    };
    int rewritten = 0;
    auto time = [&](const char* what, const QByteArray& message, const EndpointMapper& map) {
        const double us = microsecondsEach([&] { rewritten = rewritePyroEndpoints(message, map).rewritten; });
        std::printf("%-58s %9lld bytes %10.2f us %8.0f MB/s  %6d rewritten\n", what, qlonglong(message.size()), us,
                    double(message.size()) / us, rewritten);
    };

    const QByteArray header = "# serpent utf-8 python3.2\n";
    time("small reply without URIs (serpent)",
         pyro4Result(header + "{'fortune':'You will write a test','n':[1,2.5,None]}", 1), nextPort);
    time("1 MiB reply without URIs (serpent)", pyro4Result(header + "'" + QByteArray(1 << 20, 'a') + "'", 1), nextPort);
    QByteArray list = header + "{";
    for (int i = 0; i < 1000; ++i)
        list += "'example.obj" + QByteArray::number(i) + "':'PYRO:obj_" + QByteArray::number(i)
            + "@127.0.0.1:" + QByteArray::number(10000 + i) + "',";
    time("name-server list of 1000 URIs (serpent)", pyro4Result(list + "}", 1), nextPort);
    time("1 MiB str and one URI (serpent)",
         pyro4Result(header + "['" + QByteArray(1 << 20, 'a') + "','PYRO:x@127.0.0.1:9090']", 1), nextPort);

    // Pickled URI objects sharing one host str by memo; even ports move to another host, so each of their memo gets
    // becomes a literal of its own.
    const EndpointMapper split = [](const HandedOutEndpoint& e) -> std::optional<HandedOutEndpoint> {
        return HandedOutEndpoint {e.port % 2 ? e.host : QStringLiteral("127.0.0.2"), quint16(e.port + 1)};
    };
    for (int n : {1000, 100000}) {
        const char head[] = "\x80\x02"
                            "cPyro4.core\nURI\nq\x00X\x09\x00\x00\x00"
                            "127.0.0.1q\x01]q\x02";
        QByteArray pickle(head, sizeof head - 1);
        for (int i = 0; i < n; ++i) {
            const quint16 port = quint16(10000 + i % 50000);
            pickle += QByteArray("h\x00)\x81(X\x04\x00\x00\x00PYROX\x03\x00\x00\x00objNh\x01M", 26);
            pickle += char(port & 0xFF);
            pickle += char(port >> 8);
            pickle += "tba";
        }
        const QByteArray what = QByteArray::number(n) + " pickled URIs sharing one host (pickle)";
        time(what.constData(), pyro4Result(pickle + ".", 4), split);
    }
    return 0;
}
