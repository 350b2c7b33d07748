#pragma once

#include <QByteArrayView>
#include <QString>

#include <functional>

namespace rpcscope::htmlpage {

/// `text` with &, <, > and " escaped for HTML text and attribute values.
QString escape(const QString& text);
/// A whole self-contained page: no external scripts, styles, fonts or images, laid out for A4 when printed.
/// `body` is the markup inside <body>, `script` (may be empty) runs when the page has loaded.
QString page(const QString& title, const QString& body, const QString& script = {});
/// "#rrggbb".
QString colorName(quint32 rgb);

/// How one byte of a hex block is drawn: the run it belongs to (bytes of one run are drawn as one element with the
/// run's attributes), its background colour (0 for none) and its extra class ("dim", "mark").
struct ByteStyle
{
    qint64 run = -1;
    quint32 rgb = 0;
    const char* cssClass = "";
    /// Attributes of the run's elements (data-s="…" title="…"), written once per run and line.
    QString attributes;
};

/// Lines [fromLine, toLine) of a hex dump of `bytes`, 16 bytes a line: offset, hex, text, each byte styled by
/// `style(offset)` (called for every byte, in order).
QString hexLines(QByteArrayView bytes, qint64 fromLine, qint64 toLine, const std::function<ByteStyle(qint64)>& style);

} // namespace rpcscope::htmlpage
