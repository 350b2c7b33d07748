#pragma once

#include <QString>
#include <QStringList>

namespace rpcscope::samplecaptures {

/// The folder with the sample captures (Help → Samples, the walkthrough): $RPCSCOPE_SAMPLES_DIR when set, else
/// the installed share/rpcscope/samples beside the binary, else resources/samples of the source tree this was
/// built from. Empty when none of them exists.
QString directory();

/// The sample captures (*.pcap, *.pcapng) of `directory()`, sorted by name; empty when there is none.
QStringList files();

/// The sample whose file name is `name` (e.g. "xmlrpc-add.pcap"); empty when it is not there.
QString find(const QString& name);

/// A title for the Samples menu: "xmlrpc-add.pcap" → "XML-RPC: add" (the protocol, then what the capture holds).
QString title(const QString& file);

} // namespace rpcscope::samplecaptures
