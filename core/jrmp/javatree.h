#pragma once

#include "decodelimits.h"
#include "decodenode.h"
#include "javaobjects.h"

#include <QByteArrayView>

namespace rpcscope {

/// Builds decode trees for the nodes of a parsed serialization stream: every type code, length, handle, class
/// descriptor, field and value with its byte range and a description written for someone learning the format.
/// Back-references are shown as reference nodes naming their target, never expanded again. The writeObject data of
/// java.rmi.server.RemoteObject (a stub's UnicastRef) is interpreted: ref class, endpoint host:port, ObjID; the
/// bytes of a java.rmi.MarshalledObject are parsed as the stream they hold and shown below them ("marshalledValue"),
/// nested at most JavaValueConverter::kMaxMarshalledNesting deep, each level with half the depth limit of the one
/// around it (so that the nesting levels together stay within twice `limits.maxDepth`).
class JavaTreeBuilder
{
public:
    /// Longest text (string values, summaries) shown in one node before it is elided.
    static constexpr int kMaxTextShown = 1000;

    /// `limits` bound the streams inside MarshalledObjects; `nesting` counts the MarshalledObjects `stream` lies in.
    JavaTreeBuilder(const JavaStream& stream, QByteArrayView bytes, const DecodeLimits& limits = {}, int nesting = 0);

    /// The tree of node `id` named `name`; `description` replaces the default one for the node's kind.
    DecodeNode build(int id, const QString& name, const QString& description = {}) const;
    /// The stream header nodes (magic, version) at the stream's offset.
    void addStreamHeader(DecodeNode& parent) const;
    /// The type code and length nodes of block data record `id`.
    void addBlockHeader(int id, DecodeNode& parent) const;
    /// Short text naming what a node is: "\"Hello\"", "Point", "int[3]", "Mood.HAPPY"; objects of the JDK's value
    /// classes with their value: "java.lang.Integer 5", "java.time.Instant 2023-11-14T22:13:20.123456789Z".
    QString summary(int id) const;

private:
    static DecodeNode make(const QString& name, const QString& type, const QString& value, qint64 offset, qint64 length,
                           const QString& description);
    DecodeNode typeCode(const JavaNode& n) const;
    DecodeNode handle(const JavaNode& n) const;
    void addClassDesc(int id, DecodeNode& out) const;
    void addProxyClassDesc(int id, DecodeNode& out) const;
    void addAnnotation(const std::vector<int>& contents, qint64 end, const QString& name, const QString& description,
                       DecodeNode& out) const;
    void addObject(int id, DecodeNode& out) const;
    void addArray(int id, DecodeNode& out) const;
    bool addRemoteRef(const JavaClassData& data, DecodeNode& out) const;
    void addExternalContents(const JavaClassData& data, DecodeNode& out) const;
    void addMarshalled(int object, DecodeNode& out) const;
    QString objectSummary(int id) const;
    quint16 u16At(qint64 offset) const;
    static void clip(DecodeNode& node, qint64 end);
    QString simpleEnum(const JavaNode& n) const;

    const JavaStream& m_s;
    QByteArrayView m_bytes;
    DecodeLimits m_limits;
    int m_nesting;
};

} // namespace rpcscope
