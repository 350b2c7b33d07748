#pragma once

#include "rpcvalue.h"

#include <QByteArray>
#include <QString>

namespace rpcscope {

/// Python's repr() and str() of values, written the way CPython 3.11 writes them. Serpent is built on repr(), so the
/// serpent writer uses these; decoders use them to name dict keys that are not strings and to show exception args.
class PyRepr
{
public:
    /// repr(float): the shortest text that reads back as the same double, "1.0", "1e+16", "1.5e-05", "inf", "nan".
    static QByteArray floatRepr(double v);
    /// repr(str): quotes chosen as Python does (' unless the text has ' and no "), with Python's escapes.
    static void appendStringRepr(QString& out, QStringView text);
    static QString stringRepr(QStringView text)
    {
        QString s;
        appendStringRepr(s, text);
        return s;
    }
    /// repr(bytes): b'...' with Python's escapes.
    static QString bytesRepr(const QByteArray& bytes);
    /// repr() of a decoded value: tuples "(1,)", sets "{1, 2}" / "set()", dicts "{'a': 1}", None, True...
    static QString repr(const RpcValue& value, int maxDepth = 64);
    /// str() of a value: strings as they are, everything else as repr().
    static QString str(const RpcValue& value);
};

} // namespace rpcscope
