#include "callexplain.h"

#include "callformat.h"
#include "explainhtml.h"
#include "explaintext.h"

namespace rpcscope {

namespace {

const DecodedMessage* messageOf(const Call& call, Direction direction)
{
    return direction == Direction::ClientToServer ? call.request.get() : call.response.get();
}

} // namespace

QString explainHeading(const Call& call, Direction direction, const QString& protocolName)
{
    const DecodedMessage* message = messageOf(call, direction);
    return QStringLiteral("Call %1 · %2 · %3 · %4 bytes")
        .arg(call.id)
        .arg(direction == Direction::ClientToServer ? QStringLiteral("request") : QStringLiteral("response"),
             protocolName)
        .arg(message ? message->size() : 0);
}

QString annotatedMessageText(const Call& call, Direction direction, const QString& protocolName)
{
    const DecodedMessage* message = messageOf(call, direction);
    if (!message)
        return {};
    return explanationText(message->bytes(), explainMessage(*message),
                           explainHeading(call, direction, protocolName) + QStringLiteral(" · ")
                               + callSummary(call, 120));
}

QString messagePageHtml(const Call& call, Direction direction, const QString& protocolName, const QString& source)
{
    const DecodedMessage* message = messageOf(call, direction);
    if (!message)
        return {};
    QString subtitle = explainHeading(call, direction, protocolName);
    if (!source.isEmpty())
        subtitle += QStringLiteral(" · ") + source;
    return explanationHtml(*message, explainMessage(*message), callSummary(call, 120), subtitle);
}

} // namespace rpcscope
