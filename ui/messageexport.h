#pragma once

#include "call.h"
#include "result.h"

#include <QString>

class QWidget;

namespace rpcscope {

class MainWindow;

/// File → Export Message as HTML… and Edit → Copy as Annotated Text: one message of the call shown, every byte
/// explained (core/explain), as a self-contained HTML page or as an annotated hex dump on the clipboard.
namespace messageexport {

/// Asks where to save (starting from `suggestedName`) and writes the page; a cancelled dialog is no error.
Status saveHtml(QWidget* parent, const Call& call, Direction direction, const QString& protocolName,
                const QString& source, const QString& suggestedName);
/// Writes the page to `path` (what saveHtml does once a file is chosen).
Status writeHtml(const QString& path, const Call& call, Direction direction, const QString& protocolName,
                 const QString& source);
/// Puts the annotated hex dump on the clipboard; false when the call has no such message.
bool copyAnnotatedText(const Call& call, Direction direction, const QString& protocolName);
/// The window's actions: the `direction` message of the call shown saved as HTML (asking where) or copied as
/// annotated text; what goes wrong is said in the window's message bar.
void exportShown(MainWindow& window, Direction direction, bool asHtml);

} // namespace messageexport
} // namespace rpcscope
