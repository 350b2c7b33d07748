#include "messageexport.h"

#include "explain/callexplain.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QSaveFile>

namespace rpcscope::messageexport {

Status writeHtml(const QString& path, const Call& call, Direction direction, const QString& protocolName,
                 const QString& source)
{
    const QString html = messagePageHtml(call, direction, protocolName, source);
    if (html.isEmpty())
        return Error {
            QObject::tr("Call %1 has no %2 to export.")
                .arg(call.id)
                .arg(direction == Direction::ClientToServer ? QObject::tr("request") : QObject::tr("response"))};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error {QObject::tr("Cannot write %1: %2").arg(path, file.errorString())};
    file.write(html.toUtf8());
    if (!file.commit())
        return Error {QObject::tr("Cannot write %1: %2").arg(path, file.errorString())};
    return Done {};
}

Status saveHtml(QWidget* parent, const Call& call, Direction direction, const QString& protocolName,
                const QString& source, const QString& suggestedName)
{
    const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export Message as HTML"), suggestedName,
                                                      QObject::tr("HTML page (*.html *.htm)"));
    if (path.isEmpty())
        return Done {};
    return writeHtml(path, call, direction, protocolName, source);
}

bool copyAnnotatedText(const Call& call, Direction direction, const QString& protocolName)
{
    const QString text = annotatedMessageText(call, direction, protocolName);
    if (text.isEmpty())
        return false;
    QApplication::clipboard()->setText(text);
    return true;
}

} // namespace rpcscope::messageexport
