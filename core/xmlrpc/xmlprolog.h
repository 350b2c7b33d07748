#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope::xmlrpc {

/// What comes before the root element of an XML document, read without a parser (for probing, encoding choice
/// and refusing DTDs before pugixml ever sees the bytes).
struct Prolog
{
    enum class Status {
        Root, ///< the root element's start was found
        NeedMore, ///< the bytes end inside the prolog
        NotXml, ///< something other than a declaration, comment, PI, DOCTYPE or element comes first
    };
    Status status = Status::NeedMore;
    /// Offset of the root element's '<' and its name (qualified, as written).
    qint64 rootOffset = -1;
    QByteArrayView rootName;
    /// Offset of a `<!DOCTYPE` before the root, or -1.
    qint64 doctypeOffset = -1;
    /// The encoding named in the XML declaration, lower-case; empty if none.
    QByteArray encoding;
    /// Where the XML declaration (`<?xml ... ?>`) lies, or -1.
    qint64 declarationOffset = -1;
    qint64 declarationLength = 0;
    /// 3 when the bytes start with a UTF-8 byte order mark.
    qint64 bomLength = 0;
};

Prolog scanProlog(QByteArrayView xml);

/// True for encoding names whose bytes read correctly as UTF-8 (utf-8, us-ascii) and for no name at all.
bool isUtf8Compatible(QByteArrayView encoding);

} // namespace rpcscope::xmlrpc
