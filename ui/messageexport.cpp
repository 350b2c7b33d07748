#include "messageexport.h"

#include "calldetailsview.h"
#include "explain/callexplain.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "models/callstore.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
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

void exportShown(MainWindow& window, Direction direction, bool asHtml)
{
    const std::shared_ptr<const Call>& call = window.detailsView()->call();
    if (!call) {
        window.messageBar()->showMessage(
            QObject::tr("Select a call first: its request or response is what is exported."),
            MessageBar::Level::Information);
        return;
    }
    const ProtocolDecoder* decoder = window.registry().find(call->protocol);
    const QString protocol = decoder ? decoder->displayName() : call->protocol;
    const int row = window.callStore()->rowOfId(call->id);
    const QString source = row >= 0 ? QFileInfo(window.callStore()->sourceOf(row)).fileName() : QString();
    const QString which = direction == Direction::ClientToServer ? QObject::tr("request") : QObject::tr("response");
    if (!asHtml) {
        if (!copyAnnotatedText(*call, direction, protocol))
            window.messageBar()->showMessage(QObject::tr("Call %1 has no %2 to copy.").arg(call->id).arg(which),
                                             MessageBar::Level::Information);
        return;
    }
    const QStringList& recent = window.recentFiles();
    const QString dir = recent.isEmpty() ? QString() : QFileInfo(recent.first()).absolutePath();
    const QString name = QStringLiteral("call%1-%2.html").arg(call->id).arg(which);
    const Status saved
        = saveHtml(&window, *call, direction, protocol, source, dir.isEmpty() ? name : dir + QLatin1Char('/') + name);
    if (!saved)
        window.messageBar()->showMessage(saved.error(), MessageBar::Level::Error);
}

} // namespace rpcscope::messageexport
