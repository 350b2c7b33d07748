#pragma once

#include "call.h"
#include "walkthroughsteps.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace rpcscope {

/// One stop of a curated tour: a node of the request or the response, by its path below the root (names joined
/// by '/', as DecodeNode::find takes them; empty for the root), with a sentence on why it matters here.
struct TourStop
{
    Direction direction = Direction::ClientToServer;
    const char* path = "";
    const char* lead = "";
};

/// One call of a tour, found in a sample capture by protocol and method (and its first argument when the method
/// is called more than once). Its stops in order; none means every node of both messages, depth first.
struct TourCall
{
    const char* sample = "";
    const char* protocol = "";
    const char* method = "";
    /// The first argument as the call list shows it (`"Hello"`), or null for the first call of the method.
    const char* argument = nullptr;
    /// The index of another call of the tour whose connection this call must be on (the handshake of the
    /// connection that carries the lookup), or -1.
    int sameConnectionAs = -1;
    /// How the titles name the call; null: the call's own summary, "add(3, 4)".
    const char* label = nullptr;
    std::vector<TourStop> stops;
};

/// A guided tour over calls of the sample captures (Help → Walk Through, `rpcscope-cli explain --tour`).
struct Tour
{
    const char* id = "";
    const char* title = "";
    const char* intro = "";
    std::vector<TourCall> calls;

    /// The sample files the tour's calls are in, each once, in order.
    QStringList samples() const;
    /// The calls of the tour among `calls` (decoded with or without trees), in the order of `this->calls`: the
    /// index into `calls` of each, -1 where a tour call is not among them.
    std::vector<int> findCalls(const std::vector<Call>& calls) const;
    /// The steps over the tour's calls, `calls[i]` (decoded with trees) for `this->calls[i]`; null entries are
    /// skipped.
    std::vector<WalkthroughStep> steps(const std::vector<const Call*>& calls) const;
};

/// Every tour: "wire-format" (XML-RPC add(3, 4) and Pyro4 get_fortune, every field) and "java-rmi" (the JRMP
/// handshake, a registry lookup and the stub it returns, a call by ObjID and method hash, and the Java
/// serialization of its result).
const std::vector<Tour>& walkthroughTours();
/// The tour with this id, or null.
const Tour* findTour(QStringView id);

} // namespace rpcscope
