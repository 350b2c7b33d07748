#pragma once
// Helpers shared by the tests of the Java Object Serialization parser: big-endian fields for hand-made streams, the
// JDK-written samples of tests/data/jrmp/serialization, and a check that every tree node lies inside its parent.

#include "jrmp/javaserialization.h"
#include "jrmp/javatree.h"
#include "jrmptestdata.h"

#include <QStringList>
#include <QtEndian>

namespace rpcscope::test {

inline QByteArray u16(quint16 v)
{
    QByteArray b(2, 0);
    qToBigEndian(v, b.data());
    return b;
}
inline QByteArray u32(quint32 v)
{
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}
inline QByteArray u64(quint64 v)
{
    QByteArray b(8, 0);
    qToBigEndian(v, b.data());
    return b;
}
inline QByteArray utf(const QByteArray& s)
{
    return u16(static_cast<quint16>(s.size())) + s;
}
inline const QByteArray kHeader = hex("aced 0005");

// TC_CLASSDESC name suid flags fieldCount fields classAnnotation(empty) superClassDesc.
inline QByteArray classDesc(const QByteArray& name, quint8 flags, int fieldCount = 0, const QByteArray& fields = {},
                            const QByteArray& super = hex("70"), quint64 suid = 1)
{
    return hex("72") + utf(name) + u64(suid) + QByteArray(1, char(flags)) + u16(quint16(fieldCount)) + fields
        + hex("78") + super;
}

inline JavaStream parse(const QByteArray& bytes, const DecodeLimits& limits = {})
{
    return JavaSerializationParser::parse(bytes, 0, limits);
}

inline const char* endName(JavaStream::End e)
{
    switch (e) {
    case JavaStream::End::Complete:
        return "complete";
    case JavaStream::End::Boundary:
        return "boundary";
    case JavaStream::End::Truncated:
        return "truncated";
    case JavaStream::End::Error:
        return "error";
    case JavaStream::End::Opaque:
        return "opaque";
    }
    return "?";
}

// Every node with bytes lies inside the buffer and inside its parent.
inline void checkRanges(const DecodeNode& node, qint64 size, const DecodeNode* parent, QStringList& bad)
{
    if (node.hasBytes()) {
        if (node.offset < 0 || node.length < 0 || node.end() > size)
            bad << QStringLiteral("%1 [%2,%3] outside the buffer").arg(node.name).arg(node.offset).arg(node.length);
        if (parent && parent->hasBytes() && (node.offset < parent->offset || node.end() > parent->end()))
            bad << QStringLiteral("%1 [%2,%3] outside %4 [%5,%6]")
                       .arg(node.name)
                       .arg(node.offset)
                       .arg(node.length)
                       .arg(parent->name)
                       .arg(parent->offset)
                       .arg(parent->length);
    }
    for (const DecodeNode& c : node.children)
        checkRanges(c, size, node.hasBytes() ? &node : parent, bad);
}

inline QStringList rangeProblems(const JavaStream& s, const QByteArray& bytes)
{
    QStringList bad;
    JavaTreeBuilder trees(s, bytes);
    for (int c : s.contents)
        checkRanges(trees.build(c, QStringLiteral("content")), bytes.size(), nullptr, bad);
    return bad;
}

inline QByteArray sample(const QString& name)
{
    return test::readData(QStringLiteral("jrmp/serialization/%1.ser").arg(name));
}

} // namespace rpcscope::test
