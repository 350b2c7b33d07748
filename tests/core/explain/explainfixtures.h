#pragma once
// Test helper: the calls of a captured fixture (or bundled sample) decoded with their trees, through the pipeline
// as the CLI runs it but without the capture module (core/jrmp/pcapreplay.h replays the pcap).

#include "../jrmp/pcapreplay.h"
#include "decoderregistry.h"
#include "models/samplecaptures.h"
#include "orderedcallemitter.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QFile>
#include <QStringList>

namespace rpcscope::test {

/// Every pcap this suite explains: the bundled samples and the captured fixtures of each protocol.
inline QStringList explainFixtures()
{
    return {QStringLiteral("sample:xmlrpc-add.pcap"),         QStringLiteral("sample:pyro4-greeting.pcap"),
            QStringLiteral("sample:jrmp-hello.pcap"),         QStringLiteral("xmlrpc/xmlrpc-types.pcap"),
            QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap"),   QStringLiteral("xmlrpc/xmlrpc-fidelity.pcap"),
            QStringLiteral("pyro4/pyro4-serpent.pcap"),       QStringLiteral("pyro4/pyro4-json.pcap"),
            QStringLiteral("pyro4/pyro4-marshal.pcap"),       QStringLiteral("pyro4/pyro4-msgpack.pcap"),
            QStringLiteral("pyro4/pyro4-pickle.pcap"),        QStringLiteral("pyro4/pyro4-extras.pcap"),
            QStringLiteral("pyro4/values/pyro4-values.pcap"), QStringLiteral("jrmp/hello.pcap"),
            QStringLiteral("jrmp/fidelity/fidelity.pcap")};
}

/// "sample:NAME" is a bundled sample (resources/samples), anything else a path under tests/data.
inline QString fixturePath(const QString& name)
{
    if (name.startsWith(QLatin1String("sample:")))
        return samplecaptures::find(name.mid(7));
    return dataPath(name);
}

/// The calls of the capture, in request order, decoded with trees.
inline std::vector<Call> callsWithTrees(const QString& name)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallCollector collector;
    OrderedCallEmitter ordered(collector);
    DecodeOptions options;
    options.buildTree = true;
    TrafficDecoder traffic(registry, options, ordered);
    QFile f(fixturePath(name));
    if (f.open(QIODevice::ReadOnly))
        replayPcap(f.readAll(), &traffic);
    traffic.finishAll(1e10);
    return std::move(collector.calls);
}

} // namespace rpcscope::test
